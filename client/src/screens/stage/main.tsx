import { mountScreen } from '../../ui/mount-screen.tsx';
import { StageScreen } from './stage-screen.tsx';
import './stage.css';

mountScreen('stage', StageScreen);
