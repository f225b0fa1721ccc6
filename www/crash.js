// If the playground itself fails (a WebAssembly trap: a Rust panic, or
// memory running out), every later frame would fail silently. This shows
// what happened instead, how to get going again, and what to put in a bug
// report. Plain JavaScript, so it works even when the wasm side cannot
// allocate another byte.
(() => {
  let lastPanic = '';
  const error = console.error.bind(console);
  console.error = (...args) => {
    const text = args.map(String).join(' ');
    if (text.includes('panicked at')) lastPanic = text;
    error(...args);
  };
  let shown = false;
  const show = (err) => {
    if (shown) return;
    shown = true;
    const what = lastPanic || String(err && (err.stack || err.message || err));
    const report = [
      'What happened: ' + what.split('\n').slice(0, 12).join('\n'),
      'Page: ' + location.href.slice(0, 2000),
      'Browser: ' + navigator.userAgent,
    ].join('\n\n');
    const box = document.createElement('div');
    box.className = 'app-crash';
    box.setAttribute('role', 'alertdialog');
    box.setAttribute('aria-label', 'The playground stopped');
    box.dataset.testid = 'crash';
    box.innerHTML =
      '<div class="app-crash-card"><h2>The playground stopped working</h2>' +
      '<p>Something went wrong inside it, so it can no longer run this page. Your runs saved in this browser are safe.</p>' +
      '<p><button type="button" class="primary" data-testid="crash-reload">Reload the page</button> ' +
      'A reload offers to resume the last run from disk.</p>' +
      '<p>Please report it: open an issue on the project\'s page and paste this, which says what failed and which run it was:</p>' +
      '<textarea readonly rows="7" data-testid="crash-report"></textarea></div>';
    box.querySelector('textarea').value = report;
    box.querySelector('button').addEventListener('click', () => location.reload());
    document.body.appendChild(box);
  };
  const isTrap = (e) => e instanceof WebAssembly.RuntimeError || (e && e.name === 'RuntimeError');
  addEventListener('error', (event) => {
    if (isTrap(event.error)) show(event.error);
  });
  addEventListener('unhandledrejection', (event) => {
    if (isTrap(event.reason)) show(event.reason);
  });
})();
