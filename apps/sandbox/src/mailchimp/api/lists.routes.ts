import type { RouteModule } from '../context';
import { collection, page, project, queryText } from '../http/collection';
import { accountOf } from '../http/pipeline';
import { MailchimpProblem } from '../http/problem';
import { Audience, hexId, MergeField, nextNumber, now, SandboxAccount } from '../state';

export function requireList(account: SandboxAccount, listId: string): Audience {
  const list = account.lists[listId];
  if (!list) throw MailchimpProblem.notFound();
  return list;
}

/** The merge fields every new audience starts with (editable; the connector must not assume them). */
export function defaultMergeFields(): MergeField[] {
  const field = (merge_id: number, tag: string, name: string, type: MergeField['type']): MergeField => ({
    merge_id,
    tag,
    name,
    type,
    required: false,
    default_value: '',
    public: true,
    display_order: merge_id + 1,
    options:
      type === 'address'
        ? { default_country: 164 }
        : type === 'phone'
          ? { phone_format: 'none' }
          : { size: 25 },
    help_text: '',
  });
  return [
    field(1, 'FNAME', 'First Name', 'text'),
    field(2, 'LNAME', 'Last Name', 'text'),
    field(3, 'ADDRESS', 'Address', 'address'),
    field(4, 'PHONE', 'Phone Number', 'phone'),
  ];
}

const REQUIRED_CONTACT = ['company', 'address1', 'city', 'state', 'zip', 'country'] as const;
const REQUIRED_DEFAULTS = ['from_name', 'from_email', 'subject', 'language'] as const;

function validateAudienceInput(body: Record<string, unknown>, partial: boolean): void {
  const errors: Array<{ field: string; message: string }> = [];
  const need = (value: unknown, field: string) => {
    if (!partial && (typeof value !== 'string' || value === ''))
      errors.push({ field, message: 'This value should not be blank.' });
    else if (value !== undefined && typeof value !== 'string')
      errors.push({ field, message: 'Schema describes string, ' + typeName(value) + ' found instead' });
  };
  need(body.name, 'name');
  need(body.permission_reminder, 'permission_reminder');
  const contact = (body.contact ?? (partial ? undefined : {})) as Record<string, unknown> | undefined;
  if (contact) for (const key of REQUIRED_CONTACT) need(contact[key], `contact.${key}`);
  const defaults = (body.campaign_defaults ?? (partial ? undefined : {})) as
    Record<string, unknown> | undefined;
  if (defaults) for (const key of REQUIRED_DEFAULTS) need(defaults[key], `campaign_defaults.${key}`);
  if (!partial && typeof body.email_type_option !== 'boolean')
    errors.push({
      field: 'email_type_option',
      message: 'Schema describes boolean, ' + typeName(body.email_type_option) + ' found instead',
    });
  if (body.double_optin !== undefined && typeof body.double_optin !== 'boolean')
    errors.push({
      field: 'double_optin',
      message: 'Schema describes boolean, ' + typeName(body.double_optin) + ' found instead',
    });
  if (errors.length) throw MailchimpProblem.invalidResource(undefined, errors);
}

export const typeName = (value: unknown) =>
  value === null || value === undefined ? 'NULL' : Array.isArray(value) ? 'array' : typeof value;

export function audienceView(list: Audience, account: SandboxAccount) {
  const members = Object.values(list.members);
  const count = (status: string) => members.filter((m) => m.status === status).length;
  // Date fields are left out while they have no value (the spec types them as date-time).
  const last = (key: string, status: string) => {
    const latest = members
      .filter((m) => m.status === status)
      .map((m) => m.last_changed)
      .sort()
      .pop();
    return latest ? { [key]: latest } : {};
  };
  return {
    id: list.id,
    web_id: list.web_id,
    name: list.name,
    contact: list.contact,
    permission_reminder: list.permission_reminder,
    use_archive_bar: list.use_archive_bar,
    campaign_defaults: list.campaign_defaults,
    notify_on_subscribe: '',
    notify_on_unsubscribe: '',
    date_created: list.date_created,
    list_rating: 0,
    email_type_option: list.email_type_option,
    subscribe_url_short: `http://eepurl.com/${list.id}`,
    subscribe_url_long: `https://sandbox.${account.dc}.list-manage.com/subscribe?u=${account.id}&id=${list.id}`,
    beamer_address: `${account.login.username}-${list.id}@inbound.mailchimp.com`,
    visibility: list.visibility,
    double_optin: list.double_optin,
    has_welcome: false,
    marketing_permissions: false,
    modules: [],
    stats: {
      member_count: count('subscribed'),
      unsubscribe_count: count('unsubscribed'),
      cleaned_count: count('cleaned'),
      member_count_since_send: count('subscribed'),
      unsubscribe_count_since_send: count('unsubscribed'),
      cleaned_count_since_send: count('cleaned'),
      campaign_count: Object.values(account.campaigns).filter(
        (c) => (c.recipients as { list_id?: string } | undefined)?.list_id === list.id,
      ).length,
      merge_field_count: list.mergeFields.length,
      avg_sub_rate: 0,
      avg_unsub_rate: 0,
      target_sub_rate: 0,
      open_rate: 0,
      click_rate: 0,
      ...last('last_sub_date', 'subscribed'),
      ...last('last_unsub_date', 'unsubscribed'),
    },
    _links: [],
  };
}

/** Creates an audience as `POST /lists` does (also used by the control API and the demo). */
export function createAudience(account: SandboxAccount, body: Record<string, unknown>): Audience {
  const id = hexId(5);
  const list: Audience = {
    id,
    web_id: nextNumber(account),
    name: String(body.name),
    contact: body.contact as Record<string, string>,
    permission_reminder: String(body.permission_reminder),
    use_archive_bar: body.use_archive_bar === true,
    campaign_defaults: body.campaign_defaults as Audience['campaign_defaults'],
    email_type_option: body.email_type_option === true,
    double_optin: body.double_optin === true,
    visibility: body.visibility === 'pub' ? 'pub' : 'prv',
    date_created: now(),
    members: {},
    forgotten: [],
    mergeFields: defaultMergeFields(),
    segments: {},
    webhooks: {},
  };
  account.lists[id] = list;
  return list;
}

export const listRoutes: RouteModule = (router, context) => {
  router.get('/lists', (req, res) => {
    const account = accountOf(res);
    const email = queryText(req, 'email');
    const all = Object.values(account.lists)
      .filter(
        (list) => !email || Object.values(list.members).some((m) => m.email_address === email.toLowerCase()),
      )
      .sort((a, b) => a.date_created.localeCompare(b.date_created));
    const lists = page(req, all).map((list) => audienceView(list, account));
    res.json(
      project(
        req,
        collection('lists', all, lists, {
          constraints: { may_create: true, max_instances: 100000, current_total_instances: all.length },
        }),
      ),
    );
  });

  router.post('/lists', (req, res) => {
    const body = (req.body ?? {}) as Record<string, unknown>;
    validateAudienceInput(body, false);
    const account = accountOf(res);
    const list = createAudience(account, body);
    context.changed();
    res.json(audienceView(list, account));
  });

  router.get('/lists/:list_id', (req, res) => {
    const account = accountOf(res);
    res.json(project(req, audienceView(requireList(account, req.params.list_id), account)));
  });

  router.patch('/lists/:list_id', (req, res) => {
    const account = accountOf(res);
    const list = requireList(account, req.params.list_id);
    const body = (req.body ?? {}) as Record<string, unknown>;
    validateAudienceInput(body, true);
    for (const key of [
      'name',
      'permission_reminder',
      'use_archive_bar',
      'email_type_option',
      'double_optin',
      'visibility',
    ] as const)
      if (body[key] !== undefined) (list as unknown as Record<string, unknown>)[key] = body[key];
    if (body.contact) list.contact = { ...list.contact, ...(body.contact as Record<string, string>) };
    if (body.campaign_defaults)
      list.campaign_defaults = {
        ...list.campaign_defaults,
        ...(body.campaign_defaults as Audience['campaign_defaults']),
      };
    context.changed();
    res.json(audienceView(list, account));
  });

  router.delete('/lists/:list_id', (req, res) => {
    const account = accountOf(res);
    requireList(account, req.params.list_id);
    delete account.lists[req.params.list_id];
    context.changed();
    res.status(204).end();
  });
};
