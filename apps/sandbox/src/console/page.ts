/** The console's HTML shell; the bundle (assets/main.js) fills it. */
export const CONSOLE_PAGE = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Equipme sandbox console</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="/_sandbox/console/assets/main.css">
</head>
<body>
<header class="top">
  <h1>Equipme sandbox console</h1>
  <div id="controls" class="controls" aria-label="Sandbox controls"></div>
</header>
<main>
  <section id="board-section" aria-labelledby="board-title">
    <h2 id="board-title">Orders</h2>
    <div id="filters" class="filters"></div>
    <div id="board" class="board"></div>
  </section>
  <div class="lower">
    <section id="panel" class="panel" aria-labelledby="panel-title" tabindex="-1">
      <h2 id="panel-title">Order</h2>
      <p class="hint">Select an order on the board.</p>
    </section>
    <section id="diagram-section" aria-labelledby="diagram-title">
      <h2 id="diagram-title">Flow</h2>
      <div id="diagram" class="diagram" role="img" aria-label="The fulfillment flow"></div>
    </section>
  </div>
  <section id="log-section" aria-labelledby="log-title">
    <h2 id="log-title">Request log</h2>
    <p id="log-status" class="hint" aria-live="polite"></p>
    <div id="log-tools" class="filters"></div>
    <p id="log-held" class="hint"></p>
    <div id="log" class="log"></div>
    <div id="log-detail" class="log-detail"></div>
  </section>
  <section id="coverage-section" aria-labelledby="coverage-title">
    <h2 id="coverage-title">Rehearsal coverage</h2>
    <div id="coverage"></div>
  </section>
</main>
<div id="status" class="status" role="status" aria-live="polite"></div>
<script type="module" src="/_sandbox/console/assets/main.js"></script>
</body>
</html>
`;
