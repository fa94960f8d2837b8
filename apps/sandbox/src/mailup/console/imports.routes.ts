import type { Request, Response } from 'express';
import type { RouteModule } from '../context';
import { MailupError } from '../http/mailup-error';
import { accountOf, administratorOnly } from '../http/pipeline';
import { pathId, queryFlag, queryParam } from '../http/query';
import { requireGroup, requireList } from '../lists/list.model';
import { readRecipientInput } from '../recipients/recipient-input';
import { ImportJob, ImportRow, ImportType, MailupAccount, nextId } from '../state';

function importTypeOf(req: Request): ImportType {
  const value = queryParam(req, 'importType');
  if (value === undefined || value === '') return 'default';
  const type = (['asOptin', 'asOptout'] as const).find((t) => t.toLowerCase() === value.toLowerCase());
  if (!type) throw MailupError.badRequest(`importType: must be asOptin or asOptout, got "${value}"`);
  return type;
}

/** The body's recipients, every one checked for shape first: a malformed item refuses the whole import. */
function readRows(account: MailupAccount, body: unknown): ImportRow[] {
  if (!Array.isArray(body)) throw MailupError.badRequest('body: must be an array of recipients');
  return body.map((item, index) => {
    const input = readRecipientInput(account, item, `[${index}].`);
    return {
      email: input.email ?? '',
      name: input.name,
      mobileNumber: input.mobileNumber,
      mobilePrefix: input.mobilePrefix,
      fields: input.fields ?? [],
    };
  });
}

/**
 * Asynchronous bulk imports: the call answers the import id at once (a bare integer) and the
 * recipients go in when the import runs (after `importDelayMs`, 300 ms unless the control API
 * says otherwise); `GET /Console/Import/{id}` tells when it has completed and what it did.
 */
export const importRoutes: RouteModule = (router, context) => {
  const accept = (req: Request, res: Response, idList: number, idGroup: number | null) => {
    const account = accountOf(res);
    const importType = importTypeOf(req);
    const job: ImportJob = {
      idImport: 0,
      idList,
      idGroup,
      importType,
      confirmEmail: queryFlag(req, 'ConfirmEmail'),
      removeFromPrevGroups: idGroup !== null && queryFlag(req, 'removeFromPrevGroups'),
      clearMissingOrEmptyFields: queryFlag(req, 'clearMissingOrEmptyFields'),
      rows: readRows(account, req.body),
      dueAt: Date.now() + account.settings.importDelayMs,
      completed: false,
      counts: { updated: 0, valid: 0, created: 0, imported: 0, notValid: 0 },
    };
    job.idImport = nextId(account, 'import');
    account.imports[job.idImport] = job;
    context.scheduleImport(account, job);
    context.changed();
    res.json(job.idImport);
  };

  router.post('/List/:idList/Recipients', (req, res) => {
    const list = requireList(accountOf(res), pathId(req, 'idList'));
    accept(req, res, list.idList, null);
  });

  router.post('/Group/:idGroup/Recipients', (req, res) => {
    const { list, group } = requireGroup(accountOf(res), pathId(req, 'idGroup'));
    accept(req, res, list.idList, group.idGroup);
  });

  router.get('/Import/:idImport', administratorOnly, (req, res) => {
    const id = pathId(req, 'idImport');
    const job = accountOf(res).imports[id];
    if (!job) throw MailupError.notFound(`Import ${id} not found`);
    res.json({
      idImport: job.idImport,
      Completed: job.completed,
      UpdatedRecipients: job.counts.updated,
      ValidRecipients: job.counts.valid,
      CreatedRecipients: job.counts.created,
      ImportedRecipients: job.counts.imported,
      NotValidRecipients: job.counts.notValid,
    });
  });
};
