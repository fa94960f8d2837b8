import type { RouteModule } from '../context';
import { accountOf } from '../http/pipeline';

/** The console version the sandbox reports (MailUp's at the time of its notes). */
export const CONSOLE_VERSION = '9.0.0';

/** `GET /Console/Authentication/Info`: any user may ask which account the token acts for. */
export const authenticationRoutes: RouteModule = (router) => {
  router.get('/Authentication/Info', (_req, res) => {
    const account = accountOf(res);
    res.json({
      Company: account.company,
      IsTrial: false,
      UID: String(account.accountId),
      Username: account.user.username,
      Version: CONSOLE_VERSION,
    });
  });
};
