import type { Flatfile } from '@flatfile/api';

/** A destination sheet exercising every validation the emulator performs. */
export const contactsSheet: Flatfile.SheetConfig = {
  name: 'Contacts',
  slug: 'contacts',
  fields: [
    {
      key: 'email',
      type: 'string',
      label: 'Email',
      constraints: [{ type: 'required' }, { type: 'unique', config: { caseSensitive: false, ignoreEmpty: true } }],
    },
    { key: 'firstName', type: 'string', label: 'First Name', alternativeNames: ['given name', 'forename'] },
    { key: 'code', type: 'string', label: 'Code', constraints: [{ type: 'unique', config: { ignoreEmpty: true } }] },
    { key: 'age', type: 'number', label: 'Age' },
    { key: 'active', type: 'boolean', label: 'Active' },
    { key: 'dob', type: 'date', label: 'Date of birth' },
    {
      key: 'status',
      type: 'enum',
      label: 'Status',
      config: {
        allowCustom: false,
        options: [
          { value: 'active', label: 'Active', alternativeNames: ['enabled'] },
          { value: 'inactive', label: 'Inactive' },
        ],
      },
    },
  ],
};
