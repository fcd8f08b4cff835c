import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { connect } from './transport/client';
import { startApp } from './state/wire';
import { requestRange } from './state/library';

const client = connect();
void startApp(client);
// Ask for the first library page at once, before the grid has measured itself.
requestRange(0, 0);

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
