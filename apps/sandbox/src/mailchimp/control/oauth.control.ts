import type { Router } from 'express';
import type { SandboxContext } from '../context';
import { requireAccount } from './accounts.control';

/** Revoking an account's OAuth tokens, as its owner removing the app's access would. */
export function oauthControl(router: Router, context: SandboxContext): void {
  router.delete('/accounts/:account_id/tokens', (req, res) => {
    requireAccount(context, req.params.account_id).accessTokens = [];
    context.changed();
    res.status(204).end();
  });
}
