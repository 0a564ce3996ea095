import { mountScreen } from '../../ui/mount-screen.tsx';
import { JudgeScreen } from './judge-screen.tsx';
import './judge.css';

mountScreen('judge', JudgeScreen);
