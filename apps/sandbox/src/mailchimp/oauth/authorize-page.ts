/** The login-and-allow page of Mailchimp's OAuth flow, and its error page. Plain HTML, no scripts. */

const escapeHtml = (text: string) =>
  text.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!,
  );

/** What the form carries back to `POST /oauth2/authorize` besides the credentials. */
export interface AuthorizeRequest {
  response_type: string;
  client_id: string;
  redirect_uri: string;
  state: string;
}

const layout = (title: string, body: string) => `<!doctype html>
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
  .allow { background: #007c89; color: #fff; border: 0; }
  .error { color: #b00020; background: #fdecee; padding: .5rem; border-radius: 4px; }
  .note { color: #666; font-size: .85rem; }
</style>
</head>
<body><main>
${body}
</main></body>
</html>
`;

export function authorizePage(request: AuthorizeRequest, appName: string, error?: string): string {
  const hidden = (Object.keys(request) as Array<keyof AuthorizeRequest>)
    .map((name) => `<input type="hidden" name="${name}" value="${escapeHtml(request[name])}">`)
    .join('\n  ');
  return layout(
    'Log in to Mailchimp (sandbox)',
    `<h1>Log in to connect ${escapeHtml(appName)}</h1>
<p class="note">Mailchimp sandbox: use the login of a sandbox account.</p>
${error ? `<p class="error" role="alert">${escapeHtml(error)}</p>` : ''}
<form method="post" action="authorize">
  ${hidden}
  <label for="username">Username</label>
  <input type="text" id="username" name="username" autocomplete="username">
  <label for="password">Password</label>
  <input type="password" id="password" name="password" autocomplete="current-password">
  <!-- Allow comes first: pressing Enter submits the first button. -->
  <div class="buttons">
    <button type="submit" name="decision" value="allow" class="allow">Allow</button>
    <button type="submit" name="decision" value="deny">Deny</button>
  </div>
</form>`,
  );
}

export function authorizeErrorPage(message: string): string {
  return layout(
    'Authorization error',
    `<h1>Something went wrong</h1>\n<p class="error">${escapeHtml(message)}</p>`,
  );
}
