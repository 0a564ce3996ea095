import { mountScreen } from '../../ui/mount-screen.tsx';
import { PlayScreen } from './play-screen.tsx';
import './play.css';

mountScreen('play', PlayScreen);
