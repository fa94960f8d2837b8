export type SubscriberModuleKey = 'contacts' | 'leads' | 'organizations';

export interface CrmFieldInfo {
  key: string;
  label: string;
  type: 'text' | 'number' | 'date' | 'boolean' | 'picklist' | 'email' | 'url';
  required: boolean;
  options?: string[];
}

type FieldSpec = Omit<CrmFieldInfo, 'options'> & { picklist?: string };

const email: FieldSpec = { key: 'email', label: 'Email', type: 'email', required: true };

/** The organization's classification, as contacts see it (seed 000's tag fields). */
const organizationFields: FieldSpec[] = [
  { key: 'organization.name', label: 'Organization', type: 'text', required: false },
  { key: 'organization.kind', label: 'Client or prospect', type: 'picklist', required: false },
  {
    key: 'organization.rating',
    label: 'Calificación',
    type: 'picklist',
    required: false,
    picklist: 'organization.rating',
  },
  {
    key: 'organization.clientType',
    label: 'Tipo de Cliente/Prospecto',
    type: 'picklist',
    required: false,
    picklist: 'organization.clientType',
  },
  {
    key: 'organization.businessLine',
    label: 'Giro',
    type: 'picklist',
    required: false,
    picklist: 'organization.businessLine',
  },
  {
    key: 'organization.origin',
    label: 'Origen',
    type: 'picklist',
    required: false,
    picklist: 'organization.origin',
  },
  {
    key: 'organization.zone',
    label: 'Zona',
    type: 'picklist',
    required: false,
    picklist: 'organization.zone',
  },
  {
    key: 'organization.salesperson',
    label: 'Vendedor',
    type: 'picklist',
    required: false,
    picklist: 'organization.salesperson',
  },
];

/** Standard fields of each module that a connector can map (custom fields are added per tenant). */
export const SUBSCRIBER_FIELDS: Record<SubscriberModuleKey, FieldSpec[]> = {
  contacts: [
    email,
    { key: 'firstName', label: 'First name', type: 'text', required: false },
    { key: 'lastName', label: 'Last name', type: 'text', required: true },
    { key: 'title', label: 'Title', type: 'text', required: false },
    { key: 'phone', label: 'Phone', type: 'text', required: false },
    ...organizationFields,
  ],
  leads: [
    email,
    { key: 'firstName', label: 'First name', type: 'text', required: false },
    { key: 'lastName', label: 'Last name', type: 'text', required: true },
    { key: 'company', label: 'Company', type: 'text', required: false },
    { key: 'title', label: 'Title', type: 'text', required: false },
    { key: 'phone', label: 'Phone', type: 'text', required: false },
    { key: 'status', label: 'Lead status', type: 'picklist', required: true },
    { key: 'source', label: 'Lead source', type: 'picklist', required: false, picklist: 'lead.source' },
  ],
  organizations: [
    email,
    { key: 'name', label: 'Name', type: 'text', required: true },
    { key: 'kind', label: 'Client or prospect', type: 'picklist', required: true },
    {
      key: 'rating',
      label: 'Calificación',
      type: 'picklist',
      required: true,
      picklist: 'organization.rating',
    },
    {
      key: 'clientType',
      label: 'Tipo de Cliente/Prospecto',
      type: 'picklist',
      required: true,
      picklist: 'organization.clientType',
    },
    {
      key: 'businessLine',
      label: 'Giro',
      type: 'picklist',
      required: false,
      picklist: 'organization.businessLine',
    },
    { key: 'origin', label: 'Origen', type: 'picklist', required: false, picklist: 'organization.origin' },
    { key: 'zone', label: 'Zona', type: 'picklist', required: false, picklist: 'organization.zone' },
    {
      key: 'salesperson',
      label: 'Vendedor',
      type: 'picklist',
      required: false,
      picklist: 'organization.salesperson',
    },
    { key: 'phone', label: 'Phone', type: 'text', required: false },
    { key: 'city', label: 'City', type: 'text', required: false },
    { key: 'country', label: 'Country', type: 'text', required: false },
  ],
};
