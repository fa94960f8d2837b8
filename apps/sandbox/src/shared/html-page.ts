/** The plain HTML pages (no scripts) of the sandboxes' OAuth log-in steps. */

export const escapeHtml = (text: string) =>
  text.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!,
  );

/** A small centred card; `accent` colours the primary button in the vendor's colour. */
export const htmlPage = (title: string, body: string, accent: string) => `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>
  body { font-family: system-ui, sans-serif; background: #f6f6f4; margin: 0; }
  main { max-width: 24rem; margin: 4rem auto; background: #fff; padding: 2rem; border-radius: 8px;
         box-shadow: 0 1px 4px rgba(0,0,0,.12); }
  h1 { font-size: 1.3rem; margin-top: 0; }
  label { display: block; margin: 1rem 0 .25rem; font-weight: 600; }
  input[type=text], input[type=password] { width: 100%; padding: .5rem; box-sizing: border-box; }
  .buttons { display: flex; gap: .5rem; margin-top: 1.5rem; }
  button { flex: 1; padding: .6rem; font-size: 1rem; cursor: pointer; }
  .primary { background: ${accent}; color: #fff; border: 0; }
  .error { color: #b00020; background: #fdecee; padding: .5rem; border-radius: 4px; }
  .note { color: #666; font-size: .85rem; }
</style>
</head>
<body><main>
${body}
</main></body>
</html>
`;

/** Hidden inputs that carry a request's parameters through a form post. */
export const hiddenInputs = (values: Record<string, string>) =>
  Object.entries(values)
    .map(([name, value]) => `<input type="hidden" name="${escapeHtml(name)}" value="${escapeHtml(value)}">`)
    .join('\n  ');
