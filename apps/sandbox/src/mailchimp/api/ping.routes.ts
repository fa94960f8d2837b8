import type { RouteModule } from '../context';

export const pingRoutes: RouteModule = (router) => {
  router.get('/ping', (_req, res) => {
    res.json({ health_status: "Everything's Chimpy!" });
  });
  router.get('/', (_req, res) => {
    const account = res.locals.account as {
      id: string;
      name: string;
      login: { email: string; username: string };
    };
    res.json({
      account_id: account.id,
      login_id: account.id,
      account_name: account.name,
      email: account.login.email,
      first_name: '',
      last_name: '',
      username: account.login.username,
      role: 'owner',
      _links: [],
    });
  });
};
