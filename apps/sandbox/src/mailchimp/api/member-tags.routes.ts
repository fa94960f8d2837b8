import type { RouteModule } from '../context';
import { collection, page, project, queryText } from '../http/collection';
import { accountOf } from '../http/pipeline';
import { MailchimpProblem } from '../http/problem';
import { now } from '../state';
import { schemaMessage } from '../members/member-input';
import { addTag, removeTag, tagsWithDates } from '../members/member-tags';
import { requireMember } from '../members/member.model';
import { requireList } from './lists.routes';

const TAGS = '/lists/:list_id/members/:subscriber_hash/tags';

interface TagChange {
  name: string;
  status: 'active' | 'inactive';
}

/** `{tags: [{name, status}], is_syncing?}`; anything else is 400 Invalid Resource. */
function readTagChanges(body: unknown): TagChange[] {
  const tags = (body as { tags?: unknown } | undefined)?.tags;
  if (!Array.isArray(tags)) throw MailchimpProblem.field('tags', schemaMessage('array', tags));
  const errors: Array<{ field: string; message: string }> = [];
  tags.forEach((tag: unknown, index) => {
    const { name, status } = (tag ?? {}) as Record<string, unknown>;
    if (typeof name !== 'string' || name.trim() === '')
      errors.push({ field: `tags[${index}].name`, message: schemaMessage('string', name) });
    if (status !== 'active' && status !== 'inactive')
      errors.push({ field: `tags[${index}].status`, message: 'Value must be one of: active, inactive' });
  });
  if (errors.length) throw MailchimpProblem.invalidResource(undefined, errors);
  return tags as TagChange[];
}

export const memberTagRoutes: RouteModule = (router, context) => {
  router.get(TAGS, (req, res) => {
    const list = requireList(accountOf(res), req.params.list_id);
    const all = tagsWithDates(list, requireMember(list, req.params.subscriber_hash));
    res.json(project(req, collection('tags', all, page(req, all))));
  });

  /** 204 either way; only the named tags change (`[]` changes nothing). */
  router.post(TAGS, (req, res) => {
    const account = accountOf(res);
    const list = requireList(account, req.params.list_id);
    const member = requireMember(list, req.params.subscriber_hash);
    let changed = false;
    for (const tag of readTagChanges(req.body))
      changed =
        (tag.status === 'active'
          ? addTag(account, list, member, tag.name)
          : removeTag(list, member, tag.name)) || changed;
    if (changed) {
      member.last_changed = now();
      context.changed();
    }
    res.status(204).end();
  });

  /** Tags whose name starts with `name` (case-insensitive); all of them without it. */
  router.get('/lists/:list_id/tag-search', (req, res) => {
    const list = requireList(accountOf(res), req.params.list_id);
    const prefix = (queryText(req, 'name') ?? '').toLowerCase();
    const tags = Object.values(list.segments)
      .filter((segment) => segment.isTag && segment.name.toLowerCase().startsWith(prefix))
      .sort((a, b) => a.name.localeCompare(b.name))
      .map((segment) => ({ id: segment.id, name: segment.name }));
    res.json({ tags, total_items: tags.length });
  });
};
