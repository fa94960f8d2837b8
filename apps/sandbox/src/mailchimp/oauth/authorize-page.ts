/** The login-and-allow page of Mailchimp's OAuth flow, and its error page. Plain HTML, no scripts. */
import { escapeHtml, hiddenInputs, htmlPage } from '../../shared/html-page';

const MAILCHIMP_TEAL = '#007c89';
const layout = (title: string, body: string) => htmlPage(title, body, MAILCHIMP_TEAL);

/** What the form carries back to `POST /oauth2/authorize` besides the credentials. */
export interface AuthorizeRequest {
  response_type: string;
  client_id: string;
  redirect_uri: string;
  state: string;
}

export function authorizePage(request: AuthorizeRequest, appName: string, error?: string): string {
  const hidden = hiddenInputs({ ...request });
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
    <button type="submit" name="decision" value="allow" class="primary">Allow</button>
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
