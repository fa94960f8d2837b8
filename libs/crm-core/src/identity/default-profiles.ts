import { CRM_MODULES, CrmModule, RecordAccess, BuiltInProfile } from './profile.entity';

export const DEFAULT_PROFILES: ReadonlyArray<{
  builtIn: BuiltInProfile;
  name: string;
  isAdmin: boolean;
  recordAccess: RecordAccess;
  modules: CrmModule[];
}> = [
  {
    builtIn: 'ADMINISTRATOR',
    name: 'Administrator',
    isAdmin: true,
    recordAccess: 'ALL',
    modules: [...CRM_MODULES],
  },
  { builtIn: 'STANDARD', name: 'Standard', isAdmin: false, recordAccess: 'ALL', modules: [...CRM_MODULES] },
];
