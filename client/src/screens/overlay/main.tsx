import { mountScreen } from '../../ui/mount-screen.tsx';
import { OverlayScreen } from './overlay-screen.tsx';
import './overlay.css';

mountScreen('overlay', OverlayScreen);
