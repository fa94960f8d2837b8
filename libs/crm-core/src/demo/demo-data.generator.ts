import { randomUUID } from 'node:crypto';
import { base, en, es, es_MX, Faker } from '@faker-js/faker';
import type { TenantId } from '@crm/platform';
import { Activity, ActivityLink } from '../activities/activity.entities';
import { Deal, DealLine, Product, StageOutcome } from '../deals/deal.entities';
import {
  Contact,
  EmailAddress,
  EmailOwnerType,
  EmailStatus,
  Lead,
  LeadStatus,
  Organization,
  RecordTag,
  TaggableModule,
} from '../records/record.entities';
import { normalizeEmail } from '../records/email-input';

/** The data columns of an entity, as a plain row for a bulk insert. */
export type Row<T> = { [K in keyof T as T[K] extends (...args: never[]) => unknown ? never : K]: T[K] };

/** A fixed seed: every demo database holds the same people, companies and defects. */
export const DEMO_SEED = 20260301;

export const DEMO_SIZE = {
  organizations: 300,
  contacts: 300,
  leads: 300,
  deals: 80,
  activities: 150,
} as const;

export interface DemoContext {
  tenantId: TenantId;
  /** The demo users; records are owned by them. */
  users: Array<{ id: string; name: string }>;
  teamId: string;
  /** Values of the tenant's picklists by key (`organization.zone` → ['Norte', …]). */
  picklists: Record<string, string[]>;
  now: Date;
}

export interface DemoPipeline {
  id: string;
  stages: Array<{ id: string; outcome: StageOutcome }>;
}

export interface DemoRecords {
  organizations: Row<Organization>[];
  contacts: Row<Contact>[];
  leads: Row<Lead>[];
  emails: Row<EmailAddress>[];
  tags: Row<RecordTag>[];
  products: Row<Product>[];
  activities: Row<Activity>[];
  activityLinks: Row<ActivityLink>[];
}

export interface DemoDeals {
  deals: Row<Deal>[];
  lines: Row<DealLine>[];
}

const DAY = 24 * 60 * 60 * 1000;
const FREE_MAIL = [
  'gmail.com',
  'hotmail.com',
  'outlook.com',
  'yahoo.com.mx',
  'prodigy.net.mx',
  'live.com.mx',
];
const COMPANY_SUFFIXES = ['S.A. de C.V.', 'S. de R.L. de C.V.', 'S.A.P.I. de C.V.'];
const PLACE_NAMES = [
  'San Rafael',
  'La Esperanza',
  'El Sol',
  'del Valle',
  'Santa Fe',
  'La Paz',
  'Guadalupe',
  'Los Pinos',
];
const JOB_TITLES = [
  'Director General',
  'Gerente de Compras',
  'Gerente de Ventas',
  'Gerente de Sucursal',
  'Contador',
  'Coordinadora de Marketing',
  'Jefe de Sistemas',
  'Asistente de Dirección',
  'Propietario',
  'Encargado de Almacén',
];
const LEAD_STATUS_WEIGHTS: Array<{ weight: number; value: LeadStatus }> = [
  { weight: 35, value: 'NEW' },
  { weight: 25, value: 'CONTACTED' },
  { weight: 20, value: 'QUALIFIED' },
  { weight: 15, value: 'UNQUALIFIED' },
  { weight: 5, value: 'CONVERTED' },
];
const TAG_ODDS: Array<{ tag: string; probability: number }> = [
  { tag: 'Newsletter', probability: 0.25 },
  { tag: 'Feria 2026', probability: 0.1 },
  { tag: 'VIP', probability: 0.08 },
  { tag: 'Webinar marzo', probability: 0.06 },
];
const PRODUCTS = [
  { name: 'Terminal punto de venta', sku: 'POS-T100', price: 1_249_900 },
  { name: 'Impresora de tickets térmica', sku: 'IMP-80MM', price: 289_900 },
  { name: 'Lector de código de barras', sku: 'LEC-2D', price: 159_900 },
  { name: 'Licencia software POS (anual)', sku: 'LIC-POS-12', price: 480_000 },
  { name: 'Instalación en sitio', sku: 'SRV-INST', price: 150_000 },
  { name: 'Póliza de soporte mensual', sku: 'SRV-SOP-1M', price: 95_000 },
];
const NOTES = [
  'Llamada de seguimiento: pide cotización actualizada',
  'Envió lista de sucursales para el levantamiento',
  'Interesado en el paquete con soporte anual',
  'Solicita factura con datos fiscales nuevos',
  'Comenta que el presupuesto se aprueba el próximo trimestre',
  'Visita en sitio: revisar instalación eléctrica antes de instalar',
];

const DOMAIN_NOISE = new Set(['y', 'e', 'de', 'del', 'la', 'el', 'asociados', 'hermanos', 'hijos']);

function slug(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '');
}

/** `Villagómez y Barrios S. de R.L. de C.V.` → `villagomezbarrios.com.mx`. */
function domainOf(companyName: string): string {
  const words = companyName
    .replace(/,/g, ' ')
    .split(/\s+/)
    .filter((word) => word && !DOMAIN_NOISE.has(word.toLowerCase()) && !/\./.test(word));
  return `${words.slice(0, 3).map(slug).join('')}.com.mx`;
}

/**
 * Builds the demo tenant's records as plain rows, deterministically (fixed faker seed), with the
 * defects real CRM data has: invalid or missing emails, bounces, unsubscribes and opt-outs.
 * Ids and timestamps are set here because bulk inserts skip the entities' listeners.
 */
export class DemoDataGenerator {
  private readonly faker = new Faker({ locale: [es_MX, es, en, base] });
  private readonly records: DemoRecords = {
    organizations: [],
    contacts: [],
    leads: [],
    emails: [],
    tags: [],
    products: [],
    activities: [],
    activityLinks: [],
  };

  constructor(private readonly context: DemoContext) {
    this.faker.seed(DEMO_SEED);
  }

  generate(): DemoRecords {
    const usedNames = new Set<string>();
    for (let i = 0; i < DEMO_SIZE.organizations; i++) this.organization(usedNames);
    for (let i = 0; i < DEMO_SIZE.contacts; i++) this.contact();
    for (let i = 0; i < DEMO_SIZE.leads; i++) this.lead();
    this.products();
    for (let i = 0; i < DEMO_SIZE.activities; i++) this.activity();
    return this.records;
  }

  /** Deals with lines in the given pipeline, spread over its stages; call after generate(). */
  deals(pipeline: DemoPipeline): DemoDeals {
    const { faker } = this;
    const result: DemoDeals = { deals: [], lines: [] };
    const now = this.context.now.getTime();
    for (let i = 0; i < DEMO_SIZE.deals; i++) {
      const organization = faker.helpers.arrayElement(this.records.organizations);
      const contact = this.records.contacts.find((c) => c.organizationId === organization.id) ?? null;
      const stage = faker.helpers.arrayElement(pipeline.stages);
      const dealId = randomUUID();
      const lineProducts = faker.helpers.arrayElements(this.records.products, { min: 1, max: 3 });
      let amountCents = 0;
      lineProducts.forEach((product, position) => {
        const quantity = faker.number.int({ min: 1, max: product.sku.startsWith('SRV') ? 2 : 12 });
        const totalCents = quantity * product.unitPriceCents;
        amountCents += totalCents;
        result.lines.push({
          ...this.base(new Date(now - 30 * DAY)),
          dealId,
          productId: product.id,
          description: product.name,
          quantity,
          unitPriceCents: product.unitPriceCents,
          totalCents,
          position,
        });
      });
      const closeOffsetDays =
        stage.outcome === 'OPEN'
          ? faker.number.int({ min: 5, max: 120 })
          : -faker.number.int({ min: 1, max: 90 });
      result.deals.push({
        ...this.base(faker.date.recent({ days: 120, refDate: this.context.now })),
        id: dealId,
        name: `${lineProducts[0].name} – ${organization.name}`.slice(0, 160),
        pipelineId: pipeline.id,
        stageId: stage.id,
        organizationId: organization.id,
        contactId: contact?.id ?? null,
        amountCents,
        currency: 'MXN',
        expectedCloseAt: new Date(now + closeOffsetDays * DAY),
        sourceUrl: null,
        ownerId: organization.ownerId,
        teamId: this.context.teamId,
        custom: {},
      });
    }
    return result;
  }

  private base(createdAt: Date): { id: string; tenantId: TenantId; createdAt: Date; updatedAt: Date } {
    return { id: randomUUID(), tenantId: this.context.tenantId, createdAt, updatedAt: createdAt };
  }

  private createdAt(): Date {
    return this.faker.date.recent({ days: 540, refDate: this.context.now });
  }

  private values(key: string): string[] {
    return this.context.picklists[key] ?? [];
  }

  /** A picklist value, or null with the given probability (optional classification fields). */
  private optional(key: string, emptyProbability: number): string | null {
    const values = this.values(key);
    if (values.length === 0 || this.faker.datatype.boolean({ probability: emptyProbability })) return null;
    return this.faker.helpers.arrayElement(values);
  }

  private owner(): { ownerId: string; teamId: string } {
    return { ownerId: this.faker.helpers.arrayElement(this.context.users).id, teamId: this.context.teamId };
  }

  /** Faker's es_MX company names, without the Spanish (Spain) legal forms it sometimes appends. */
  private companyName(): string {
    return this.faker.company.name().replace(/\s+S\.(L|A)\.$/, '');
  }

  private phone(): string {
    const { faker } = this;
    const area = faker.helpers.arrayElement(['55', '33', '81', '222', '442', '477', '999']);
    return `+52 ${area} ${faker.string.numeric(area.length === 2 ? 4 : 3)} ${faker.string.numeric(4)}`;
  }

  private organization(usedNames: Set<string>): void {
    const { faker } = this;
    const kind = faker.datatype.boolean({ probability: 0.55 }) ? 'CLIENT' : 'PROSPECT';
    const businessLine = this.optional('organization.businessLine', 0.1);
    let name = '';
    while (!name || usedNames.has(name)) {
      name =
        businessLine && faker.datatype.boolean({ probability: 0.45 })
          ? `${businessLine} ${faker.helpers.arrayElement([faker.person.lastName(), faker.helpers.arrayElement(PLACE_NAMES)])}`
          : `${this.companyName()}${faker.datatype.boolean({ probability: 0.5 }) ? ` ${faker.helpers.arrayElement(COMPANY_SUFFIXES)}` : ''}`;
    }
    usedNames.add(name);
    // Prospect types for prospects, client types for clients, as users fill them in.
    const clientTypes = this.values('organization.clientType');
    const matchingTypes = clientTypes.filter((type) => /prospect/i.test(type) === (kind === 'PROSPECT'));
    const domain = domainOf(name);
    const createdAt = this.createdAt();
    const organization: Row<Organization> = {
      ...this.base(createdAt),
      ...this.owner(),
      custom: {},
      name,
      kind,
      rating: faker.helpers.arrayElement(this.values('organization.rating')),
      clientType: faker.helpers.arrayElement(matchingTypes.length ? matchingTypes : clientTypes),
      businessLine,
      origin: this.optional('organization.origin', 0.15),
      zone: this.optional('organization.zone', 0.1),
      salesperson: this.optional('organization.salesperson', 0.2),
      website: faker.datatype.boolean({ probability: 0.7 }) ? `https://www.${domain}` : null,
      phone: faker.datatype.boolean({ probability: 0.85 }) ? this.phone() : null,
      city: faker.location.city(),
      country: 'México',
    };
    this.records.organizations.push(organization);
    if (faker.datatype.boolean({ probability: 0.5 })) {
      const mailbox = faker.helpers.arrayElement(['contacto', 'ventas', 'info', 'compras']);
      this.email('organization', organization.id, `${mailbox}@${domain}`, true, createdAt);
    }
    this.tag(
      'organizations',
      organization.id,
      createdAt,
      kind === 'CLIENT' ? [{ tag: 'Cliente frecuente', probability: 0.15 }] : [],
    );
  }

  private contact(): void {
    const { faker } = this;
    const organization = faker.datatype.boolean({ probability: 0.85 })
      ? faker.helpers.arrayElement(this.records.organizations)
      : null;
    const firstName = faker.person.firstName();
    const lastName = faker.person.lastName();
    const createdAt = this.createdAt();
    const contact: Row<Contact> = {
      ...this.base(createdAt),
      ...(organization ? { ownerId: organization.ownerId, teamId: organization.teamId } : this.owner()),
      custom: {},
      organizationId: organization?.id ?? null,
      firstName,
      lastName,
      title: faker.datatype.boolean({ probability: 0.7 }) ? faker.helpers.arrayElement(JOB_TITLES) : null,
      phone: faker.datatype.boolean({ probability: 0.8 }) ? this.phone() : null,
      emailOptOut: faker.datatype.boolean({ probability: 0.04 }),
    };
    this.records.contacts.push(contact);
    const workDomain = organization?.website?.replace('https://www.', '');
    this.personEmails('contact', contact.id, firstName, lastName, workDomain, createdAt);
    this.tag('contacts', contact.id, createdAt);
  }

  private lead(): void {
    const { faker } = this;
    const firstName = faker.person.firstName();
    const lastName = faker.person.lastName();
    const company = faker.datatype.boolean({ probability: 0.8 }) ? this.companyName() : null;
    const createdAt = this.faker.date.recent({ days: 180, refDate: this.context.now });
    const lead: Row<Lead> = {
      ...this.base(createdAt),
      ...this.owner(),
      custom: {},
      firstName,
      lastName,
      company,
      title: faker.datatype.boolean({ probability: 0.5 }) ? faker.helpers.arrayElement(JOB_TITLES) : null,
      phone: faker.datatype.boolean({ probability: 0.6 }) ? this.phone() : null,
      status: faker.helpers.weightedArrayElement(LEAD_STATUS_WEIGHTS),
      source: this.optional('lead.source', 0.2),
      emailOptOut: faker.datatype.boolean({ probability: 0.04 }),
    };
    this.records.leads.push(lead);
    const workDomain = company ? domainOf(company) : undefined;
    this.personEmails('lead', lead.id, firstName, lastName, workDomain, createdAt);
    this.tag('leads', lead.id, createdAt);
  }

  /** 1–2 addresses, or (about 5% each) none at all or one that is not an address. */
  private personEmails(
    ownerType: EmailOwnerType,
    ownerId: string,
    firstName: string,
    lastName: string,
    workDomain: string | undefined,
    createdAt: Date,
  ): void {
    const { faker } = this;
    const first = slug(firstName.split(' ')[0]);
    const last = slug(lastName);
    const roll = faker.number.float({ min: 0, max: 1 });
    if (roll < 0.05) return;
    if (roll < 0.1) {
      const invalid = faker.helpers.arrayElement([
        `${first}.${last}@`,
        'sin-correo',
        `${first}@@gmail.com`,
        `${first}.${last}@gmail`,
        `${first} ${last}@hotmail.com`,
        'n/a',
      ]);
      this.email(ownerType, ownerId, invalid, true, createdAt);
      return;
    }
    const primary = `${first}.${last}@${workDomain ?? faker.helpers.arrayElement(FREE_MAIL)}`;
    this.email(ownerType, ownerId, primary, true, createdAt);
    if (faker.datatype.boolean({ probability: 0.3 })) {
      const personal = `${first}${last.slice(0, 3)}${faker.number.int({ min: 1, max: 99 })}@${faker.helpers.arrayElement(FREE_MAIL)}`;
      this.email(ownerType, ownerId, personal, false, createdAt);
    }
  }

  private email(
    ownerType: EmailOwnerType,
    ownerId: string,
    email: string,
    isPrimary: boolean,
    createdAt: Date,
  ): void {
    const { faker } = this;
    const status: EmailStatus = faker.helpers.weightedArrayElement([
      { weight: 935, value: 'ACTIVE' },
      { weight: 30, value: 'BOUNCED' },
      { weight: 20, value: 'UNSUBSCRIBED_BY_USER' },
      { weight: 15, value: 'UNSUBSCRIBED_BY_US' },
    ]);
    this.records.emails.push({
      ...this.base(createdAt),
      ownerType,
      ownerId,
      email,
      emailNormalized: normalizeEmail(email),
      isPrimary,
      useInMarketing: !faker.datatype.boolean({ probability: 0.08 }),
      status,
    });
  }

  private tag(module: TaggableModule, recordId: string, createdAt: Date, extra: typeof TAG_ODDS = []): void {
    for (const { tag, probability } of [...TAG_ODDS, ...extra]) {
      if (this.faker.datatype.boolean({ probability })) {
        this.records.tags.push({ ...this.base(createdAt), module, recordId, tag });
      }
    }
  }

  private products(): void {
    const createdAt = new Date(this.context.now.getTime() - 400 * DAY);
    for (const product of PRODUCTS) {
      this.records.products.push({
        ...this.base(createdAt),
        name: product.name,
        sku: product.sku,
        unitPriceCents: product.price,
        currency: 'MXN',
        active: true,
      });
    }
  }

  /** Notes, calls and meetings on a contact (and its organization) or a lead. */
  private activity(): void {
    const { faker } = this;
    const onContact = faker.datatype.boolean({ probability: 0.7 });
    const contact = faker.helpers.arrayElement(this.records.contacts);
    const lead = faker.helpers.arrayElement(this.records.leads);
    const type = faker.helpers.arrayElement(['NOTE', 'NOTE', 'CALL', 'CALENDAR_EVENT'] as const);
    const occurredAt =
      type === 'CALENDAR_EVENT'
        ? faker.date.soon({ days: 30, refDate: this.context.now })
        : faker.date.recent({ days: 90, refDate: this.context.now });
    const subject =
      type === 'CALENDAR_EVENT'
        ? faker.helpers.arrayElement([
            'Reunión de presentación',
            'Demostración del equipo',
            'Revisión de propuesta',
          ])
        : type === 'CALL'
          ? faker.helpers.arrayElement([
              'Llamada de seguimiento',
              'Llamada de calificación',
              'Llamada de cobranza',
            ])
          : faker.helpers.arrayElement(NOTES);
    const activity: Row<Activity> = {
      ...this.base(occurredAt),
      type,
      subject,
      body: type === 'NOTE' ? subject : null,
      occurredAt,
      endsAt: type === 'CALENDAR_EVENT' ? new Date(occurredAt.getTime() + 60 * 60 * 1000) : null,
      userId: onContact ? contact.ownerId : lead.ownerId,
      teamId: this.context.teamId,
      source: 'user',
      meta:
        type === 'CALENDAR_EVENT'
          ? { location: faker.helpers.arrayElement(['Oficina del cliente', 'Videollamada']) }
          : null,
    };
    this.records.activities.push(activity);
    const link = (module: ActivityLink['module'], recordId: string) =>
      this.records.activityLinks.push({
        ...this.base(occurredAt),
        activityId: activity.id,
        module,
        recordId,
      });
    if (onContact) {
      link('contacts', contact.id);
      if (contact.organizationId) link('organizations', contact.organizationId);
    } else {
      link('leads', lead.id);
    }
  }
}
