/**
 * Picklists behind standard fields. Every tenant gets them with these starting values (seed 000,
 * in Spanish as the seeds have them); administrators edit the values freely.
 */
export interface BuiltInPicklist {
  key: string;
  label: string;
  values: string[];
}

export const BUILT_IN_PICKLISTS: readonly BuiltInPicklist[] = [
  {
    key: 'organization.rating',
    label: 'Calificación',
    values: ['A - Alta rentabilidad', 'B - Media', 'C - Baja', 'D - Sin actividad'],
  },
  {
    key: 'organization.clientType',
    label: 'Tipo de Cliente/Prospecto',
    values: ['Cliente directo', 'Distribuidor', 'Mayorista', 'Prospecto frío', 'Prospecto caliente'],
  },
  {
    key: 'organization.businessLine',
    label: 'Giro',
    values: [
      'Restaurante',
      'Abarrotes',
      'Farmacia',
      'Ferretería',
      'Hotel',
      'Panadería',
      'Papelería',
      'Tecnología',
    ],
  },
  {
    key: 'organization.origin',
    label: 'Origen',
    values: ['Evento', 'Marketing', 'Recomendado', 'Sitio web', 'Llamada en frío'],
  },
  {
    key: 'organization.zone',
    label: 'Zona',
    values: ['Norte', 'Sur', 'Centro', 'Occidente', 'Bajío', 'Sureste'],
  },
  { key: 'organization.salesperson', label: 'Vendedor', values: [] },
  {
    key: 'lead.source',
    label: 'Origen del lead',
    values: ['Formulario web', 'Evento', 'Referido', 'Campaña de correo', 'Llamada'],
  },
];

/** Which organization field each built-in picklist backs. */
export const ORGANIZATION_PICKLIST_FIELDS = {
  rating: 'organization.rating',
  clientType: 'organization.clientType',
  businessLine: 'organization.businessLine',
  origin: 'organization.origin',
  zone: 'organization.zone',
  salesperson: 'organization.salesperson',
} as const;
