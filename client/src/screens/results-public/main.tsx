import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { readLocale } from '../../core/i18n/i18n.ts';
import { PublicResultsPage } from './public-results-page.tsx';
import '../../styles/global.css';
import '../../ui/results-sheet/results-sheet.css';
import './public-results.css';

document.documentElement.lang = readLocale(localStorage);
const root = document.getElementById('root');
if (!root) throw new Error('#root missing');
createRoot(root).render(
  <StrictMode>
    <PublicResultsPage />
  </StrictMode>,
);
