import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { readLocale } from '../../core/i18n/i18n.ts';
import { WrittenSheetPage } from './written-sheet-page.tsx';
import '../../styles/global.css';
import './cards.css';
import './written-sheet.css';

document.documentElement.lang = readLocale(localStorage);
const root = document.getElementById('root');
if (!root) throw new Error('#root missing');
createRoot(root).render(
  <StrictMode>
    <WrittenSheetPage />
  </StrictMode>,
);
