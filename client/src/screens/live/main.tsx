import { mountScreen } from '../../ui/mount-screen.tsx';
import { LiveScreen } from './live-screen.tsx';
import './live.css';

mountScreen('live', LiveScreen);
