import { escapeHtml, hiddenInputs, htmlPage } from '../../shared/html-page';

/** The MailUp log-on page of the authorization-code flow, and its error page. Plain HTML, no scripts. */

const MAILUP_BLUE = '#0c5a97';

/** What the form carries back to `POST /Authorization/OAuth/LogOn` besides the credentials. */
export interface LogOnRequest {
  client_id: string;
  response_type: string;
  redirect_uri: string;
  state: string;
}

export function logOnPage(request: LogOnRequest, error?: string): string {
  return htmlPage(
    'MailUp log on (sandbox)',
    `<h1>Log on to MailUp</h1>
<p class="note">MailUp sandbox: use the username and password of a sandbox console (m1234).</p>
${error ? `<p class="error" role="alert">${escapeHtml(error)}</p>` : ''}
<form method="post" action="LogOn">
  ${hiddenInputs({ ...request })}
  <label for="username">Username</label>
  <input type="text" id="username" name="username" autocomplete="username">
  <label for="password">Password</label>
  <input type="password" id="password" name="password" autocomplete="current-password">
  <div class="buttons">
    <button type="submit" class="primary">Log on</button>
  </div>
</form>`,
    MAILUP_BLUE,
  );
}

export function logOnErrorPage(message: string): string {
  return htmlPage(
    'Authorization error',
    `<h1>Something went wrong</h1>\n<p class="error">${escapeHtml(message)}</p>`,
    MAILUP_BLUE,
  );
}
