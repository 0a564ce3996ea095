import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { readLocale } from '../../core/i18n/i18n.ts';
import { openWrittenSession } from './written-session.ts';
import { WrittenScreen } from './written-screen.tsx';
import '../../styles/global.css';
import './written.css';

document.documentElement.lang = readLocale(localStorage);
const session = openWrittenSession();
const root = document.getElementById('root');
if (!root) throw new Error('#root missing');
createRoot(root).render(
  <StrictMode>
    <WrittenScreen session={session} />
  </StrictMode>,
);
