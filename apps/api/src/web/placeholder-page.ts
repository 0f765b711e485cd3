/** Served at / until the web app (apps/web) is built: says what is here and where to go. */
export function placeholderPage(publicUrl: string): string {
  return `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Amphi</title>
<style>body{font:16px/1.5 system-ui,sans-serif;max-width:40rem;margin:3rem auto;padding:0 1rem;color:#1a1a1a}a{color:#0b57d0}code{background:#f2f2f2;padding:0 .25rem}</style></head>
<body>
<main>
<h1>Amphi</h1>
<p>Online study days and small scientific conferences: the programme, registration, live rooms, questions and recordings.</p>
<ul>
<li><a href="/api/public/events">Published events</a> (JSON)</li>
<li><a href="/api/docs">API documentation</a> (Swagger UI) and <a href="/api/openapi.json">OpenAPI</a></li>
<li><a href="/api/health">Health</a></li>
</ul>
<p>The web app is not built yet; this page is served by the API at <code>${publicUrl}</code>.</p>
</main>
</body></html>`;
}
