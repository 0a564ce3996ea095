import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { readLocale } from '../../core/i18n/i18n.ts';
import { AuthoringPage } from './authoring-page.tsx';
import '../../styles/global.css';
// The stage scenes of the editor's preview; authoring.css after it keeps this page's own look.
import '../stage/stage.css';
import './authoring.css';

document.documentElement.lang = readLocale(localStorage);
const root = document.getElementById('root');
if (!root) throw new Error('#root missing');
createRoot(root).render(
  <StrictMode>
    <AuthoringPage />
  </StrictMode>,
);
