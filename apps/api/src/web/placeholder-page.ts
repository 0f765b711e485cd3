/**
 * Served at / (and /me) until the web app (apps/web) is built: says what is here, and gives a
 * minimal personal space so that a personal link from an e-mail already works in a browser.
 */
export function placeholderPage(publicUrl: string): string {
  return `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Amphi</title>
<style>body{font:16px/1.5 system-ui,sans-serif;max-width:40rem;margin:3rem auto;padding:0 1rem;color:#1a1a1a}a{color:#0b57d0}code{background:#f2f2f2;padding:0 .25rem}
button{font:inherit;padding:.4rem .9rem;border:1px solid #8a1c1c;background:#fff;color:#8a1c1c;border-radius:4px;cursor:pointer}button:focus{outline:3px solid #0b57d0}
li{margin:.25rem 0}.muted{color:#555}</style></head>
<body>
<main id="main">
<h1>Amphi</h1>
<p>Online study days and small scientific conferences: the programme, registration, live rooms, questions and recordings.</p>
<ul>
<li><a href="/api/public/events">Published events</a> (JSON)</li>
<li><a href="/api/docs">API documentation</a> (Swagger UI) and <a href="/api/openapi.json">OpenAPI</a></li>
<li><a href="/api/health">Health</a></li>
</ul>
<p>The web app is not built yet; this page is served by the API at <code>${publicUrl}</code>.</p>
</main>
<script>
// The personal space behind a personal link (/me#token): exchange the token, show the registration, allow cancelling.
(async () => {
  if (location.pathname !== '/me' || location.hash.length < 20) return;
  const main = document.getElementById('main');
  const text = (t) => (t && (t.fr || t.en)) || '';
  const show = (html) => { main.innerHTML = html; };
  const esc = (s) => String(s).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]);
  const token = location.hash.slice(1);
  history.replaceState(null, '', '/me');
  const grant = await fetch('/api/access', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ token }) });
  const g = await grant.json();
  if (!grant.ok) return show('<h1>Your personal link</h1><p role="alert">' + esc(g.message) + '</p>');
  const auth = { authorization: 'Bearer ' + g.accessToken };
  const render = async () => {
    const r = await fetch('/api/me', { headers: auth });
    const me = await r.json();
    if (!r.ok) return show('<h1>Your personal space</h1><p role="alert">' + esc(me.message) + '</p>');
    const reg = me.registration;
    const sessions = me.sessions.map((s) => '<li>' + esc(new Date(s.startsAt).toLocaleString()) + ' — ' + esc(text(s.title)) + (s.role ? ' <strong>(' + esc(s.role) + ')</strong>' : '') + '</li>').join('');
    show('<h1>' + esc(text(me.event.title)) + '</h1>' +
      (reg ? '<p>Registration of <strong>' + esc(reg.name) + '</strong>: <strong>' + esc(reg.status) + '</strong>' + (reg.waitlistPosition ? ' (number ' + reg.waitlistPosition + ' on the waiting list)' : '') + '.</p>' : '') +
      (me.person ? '<p>Invitation for <strong>' + esc(me.person.name) + '</strong>.</p>' : '') +
      '<h2>Programme</h2><ul>' + sessions + '</ul>' +
      (reg && reg.status !== 'cancelled' ? '<p><button id="cancel">Cancel my registration</button></p>' : '') +
      '<p class="muted">Times shown in your own time zone. Keep this link to yourself.</p>');
    const cancel = document.getElementById('cancel');
    if (cancel) cancel.onclick = async () => {
      if (!confirm('Cancel your registration? Your seat goes to the next person on the waiting list.')) return;
      const c = await fetch('/api/me/registration/cancel', { method: 'POST', headers: auth });
      show(c.ok ? '<h1>Registration cancelled</h1><p>You will receive a confirmation by e-mail.</p>' : '<p role="alert">' + esc((await c.json()).message) + '</p>');
    };
  };
  await render();
})();
</script>
</body></html>`;
}
