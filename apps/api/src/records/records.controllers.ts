import { ContactsService, LeadsService, OrganizationsService } from '@crm/core';
import { CreateContactDto, UpdateContactDto } from './contact.dto';
import { CreateLeadDto, UpdateLeadDto } from './lead.dto';
import { CreateOrganizationDto, UpdateOrganizationDto } from './organization.dto';
import { createRecordController } from './record-controller.factory';

export const OrganizationsController = createRecordController({
  module: 'organizations',
  tag: 'Organizations',
  service: OrganizationsService,
  createDto: CreateOrganizationDto,
  updateDto: UpdateOrganizationDto,
});

export const ContactsController = createRecordController({
  module: 'contacts',
  tag: 'Contacts',
  service: ContactsService,
  createDto: CreateContactDto,
  updateDto: UpdateContactDto,
});

export const LeadsController = createRecordController({
  module: 'leads',
  tag: 'Leads',
  service: LeadsService,
  createDto: CreateLeadDto,
  updateDto: UpdateLeadDto,
});
