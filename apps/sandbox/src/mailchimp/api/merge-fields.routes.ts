import type { RouteModule } from '../context';
import { collection, page, project, queryText } from '../http/collection';
import { accountOf } from '../http/pipeline';
import { MailchimpProblem } from '../http/problem';
import type { Audience, MergeField, MergeFieldType } from '../state';
import {
  assertBelowCap,
  assertFieldOptions,
  generatedTag,
  mergeFieldView,
  optionsFor,
  readMergeFieldInput,
  requestedTag,
} from '../members/merge-field-rules';
import { requireList } from './lists.routes';

const MERGE_FIELD = '/lists/:list_id/merge-fields/:merge_id';

function requireMergeField(list: Audience, mergeId: string): MergeField {
  const field = list.mergeFields.find((f) => String(f.merge_id) === mergeId);
  if (!field) throw MailchimpProblem.notFound();
  return field;
}

const nextOf = (list: Audience, key: 'merge_id' | 'display_order') =>
  Math.max(0, ...list.mergeFields.map((f) => f[key])) + 1;

export const mergeFieldRoutes: RouteModule = (router, context) => {
  router.get('/lists/:list_id/merge-fields', (req, res) => {
    const list = requireList(accountOf(res), req.params.list_id);
    const type = queryText(req, 'type');
    const required = queryText(req, 'required');
    const all = [...list.mergeFields]
      .filter((field) => !type || field.type === type)
      .filter((field) => required === undefined || field.required === /^(true|1)$/i.test(required))
      .sort((a, b) => a.display_order - b.display_order || a.merge_id - b.merge_id);
    const fields = page(req, all).map((field) => mergeFieldView(list, field));
    res.json(project(req, collection('merge_fields', all, fields, { list_id: list.id })));
  });

  router.post('/lists/:list_id/merge-fields', (req, res) => {
    const account = accountOf(res);
    const list = requireList(account, req.params.list_id);
    const input = readMergeFieldInput(req.body, false);
    assertBelowCap(list, account.settings.mergeFieldCap);
    const type = input.type as MergeFieldType;
    const mergeId = nextOf(list, 'merge_id');
    const name = (input.name ?? '').trim();
    const field: MergeField = {
      merge_id: mergeId,
      tag: input.tag !== undefined ? requestedTag(list, input.tag) : generatedTag(list, name, mergeId),
      name,
      type,
      required: input.required ?? false,
      default_value: input.default_value ?? '',
      public: input.public ?? true,
      display_order: input.display_order ?? nextOf(list, 'display_order'),
      options: optionsFor(type, input.options),
      help_text: input.help_text ?? '',
    };
    assertFieldOptions(field);
    list.mergeFields.push(field);
    context.changed();
    res.json(mergeFieldView(list, field));
  });

  router.get(MERGE_FIELD, (req, res) => {
    const list = requireList(accountOf(res), req.params.list_id);
    res.json(project(req, mergeFieldView(list, requireMergeField(list, req.params.merge_id))));
  });

  router.patch(MERGE_FIELD, (req, res) => {
    const list = requireList(accountOf(res), req.params.list_id);
    const field = requireMergeField(list, req.params.merge_id);
    const input = readMergeFieldInput(req.body, true);
    const oldTag = field.tag;
    const changed: MergeField = {
      ...field,
      name: input.name?.trim() ?? field.name,
      tag: input.tag !== undefined ? requestedTag(list, input.tag, field) : field.tag,
      required: input.required ?? field.required,
      default_value: input.default_value ?? field.default_value,
      public: input.public ?? field.public,
      display_order: input.display_order ?? field.display_order,
      help_text: input.help_text ?? field.help_text,
      options: optionsFor(field.type, { ...field.options, ...input.options }),
    };
    assertFieldOptions(changed);
    Object.assign(field, changed);
    // Members keep their values under the new tag.
    if (field.tag !== oldTag)
      for (const member of Object.values(list.members)) {
        if (oldTag in member.merge_fields) member.merge_fields[field.tag] = member.merge_fields[oldTag];
        delete member.merge_fields[oldTag];
      }
    context.changed();
    res.json(mergeFieldView(list, field));
  });

  router.delete(MERGE_FIELD, (req, res) => {
    const list = requireList(accountOf(res), req.params.list_id);
    const field = requireMergeField(list, req.params.merge_id);
    list.mergeFields = list.mergeFields.filter((f) => f !== field);
    for (const member of Object.values(list.members)) delete member.merge_fields[field.tag];
    context.changed();
    res.status(204).end();
  });
};
