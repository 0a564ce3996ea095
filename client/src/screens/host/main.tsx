import { mountScreen } from '../../ui/mount-screen.tsx';
import { HostScreen } from './host-screen.tsx';
import './host.css';

mountScreen('host', HostScreen);
