import type { Flatfile } from '@flatfile/api';
import { describe, expect, it } from 'vitest';
import { parseManifest } from '../../../shared/manifest/parse-yaml.js';
import { decidePlan } from '../../../shared/mapping/plan.js';
import { readFileSync } from 'node:fs';

const manifest = parseManifest(readFileSync(new URL('../../../feeds/feeds.yaml', import.meta.url), 'utf8'));
const contacts = manifest.feeds.find((f) => f.name === 'contacts')!;
const orders = manifest.feeds.find((f) => f.name === 'orders')!;

const prop = (key: string, label?: string): Flatfile.Property => ({ type: 'string', key, ...(label ? { label } : {}) });
const edge = (src: Flatfile.Property, dest: Flatfile.Property, certainty: string): Flatfile.Edge => ({
  sourceField: src,
  destinationField: dest,
  metadata: { certainty: certainty as 'strong', confidence: 0.5, source: 'platform' },
});
const dests = (feed: typeof contacts) => feed.fields.map((f) => prop(f.key, f.label));
const mapped = (plan: Flatfile.JobExecutionPlan) =>
  Object.fromEntries(plan.fieldMapping.map((e) => [e.destinationField.key, [e.sourceField.key, e.metadata?.certainty]]));

describe('decidePlan', () => {
  it('applies the explicit fieldMap with absolute certainty and executes', () => {
    const sources = ['bestellnummer', 'kunde', 'artikelnummer', 'bezeichnung', 'menge', 'einzelpreis', 'wahrung', 'bestelldatum'];
    const labels = ['Bestellnummer', 'Kunde', 'Artikelnummer', 'Bezeichnung', 'Menge', 'Einzelpreis', 'Währung', 'Bestelldatum'];
    const plan: Flatfile.JobExecutionPlan = {
      // The platform guessed one thing wrong with moderate certainty; the manifest overrides it.
      fieldMapping: [edge(prop('kunde', 'Kunde'), prop('description', 'Description'), 'moderate')],
      unmappedSourceFields: sources.filter((s) => s !== 'kunde').map((s) => ({ sourceField: prop(s, labels[sources.indexOf(s)]) })),
      unmappedDestinationFields: dests(orders).filter((d) => d.key !== 'description').map((d) => ({ destinationField: d })),
    };
    const d = decidePlan(orders, plan);
    expect(d.action).toBe('execute');
    expect(mapped(d.plan)).toEqual({
      order_id: ['bestellnummer', 'absolute'],
      customer: ['kunde', 'absolute'],
      sku: ['artikelnummer', 'absolute'],
      description: ['bezeichnung', 'absolute'],
      quantity: ['menge', 'absolute'],
      unit_price: ['einzelpreis', 'absolute'],
      currency: ['wahrung', 'absolute'],
      order_date: ['bestelldatum', 'absolute'],
    });
    expect(d.plan.unmappedSourceFields).toEqual([]);
  });

  it('maps aliases as strong matches and keeps confident platform edges', () => {
    const plan: Flatfile.JobExecutionPlan = {
      fieldMapping: [edge(prop('company', 'Company'), prop('company', 'Company'), 'absolute')],
      unmappedSourceFields: [prop('email_address', 'Email Address'), prop('vorname', 'Vorname'), prop('signed_up', 'Signed Up')].map((sourceField) => ({ sourceField })),
      unmappedDestinationFields: dests(contacts).filter((d) => d.key !== 'company').map((destinationField) => ({ destinationField })),
    };
    const d = decidePlan(contacts, plan);
    expect(d.action).toBe('execute');
    expect(mapped(d.plan)).toEqual({
      company: ['company', 'absolute'],
      email: ['email_address', 'strong'],
      first_name: ['vorname', 'strong'],
      signup_date: ['signed_up', 'strong'],
    });
  });

  it('drops platform guesses below the minimum certainty and asks for review when a required field is left', () => {
    const plan: Flatfile.JobExecutionPlan = {
      fieldMapping: [
        edge(prop('kontakt', 'Kontakt'), prop('email', 'Email'), 'weak'),
        edge(prop('first', 'First Name'), prop('first_name', 'First name'), 'strong'),
      ],
      unmappedSourceFields: [],
      unmappedDestinationFields: dests(contacts).filter((d) => !['email', 'first_name'].includes(d.key)).map((destinationField) => ({ destinationField })),
    };
    const d = decidePlan(contacts, plan);
    expect(d).toMatchObject({
      action: 'review',
      missingFields: ['email'],
      reason: 'required field email could not be mapped with strong certainty or better',
    });
    expect(mapped(d.plan)).toEqual({ first_name: ['first', 'strong'] });
    expect(d.plan.unmappedSourceFields.map((u) => u.sourceField.key)).toEqual(['kontakt']);
  });

  it('asks for review when the feed never runs mappings unattended', () => {
    const manual = { ...contacts, mapping: { ...contacts.mapping, autoExecute: false } };
    const plan: Flatfile.JobExecutionPlan = {
      fieldMapping: [edge(prop('email'), prop('email', 'Email'), 'absolute'), edge(prop('first_name'), prop('first_name'), 'absolute')],
      unmappedSourceFields: [],
      unmappedDestinationFields: [],
    };
    expect(decidePlan(manual, plan)).toMatchObject({ action: 'review', missingFields: [], reason: 'the feed asks a person to confirm every mapping' });
  });

  it('keeps the platform enum value mapping on an edge it agrees with', () => {
    const enumDetails = { mapping: [{ sourceValue: 'Germany', destinationValue: 'DE' }] };
    const plan: Flatfile.JobExecutionPlan = {
      fieldMapping: [
        { ...edge(prop('country', 'Country'), prop('country', 'Country'), 'absolute'), enumDetails },
        edge(prop('email'), prop('email'), 'absolute'),
        edge(prop('first_name'), prop('first_name'), 'absolute'),
      ],
      unmappedSourceFields: [],
      unmappedDestinationFields: [],
    };
    const d = decidePlan(contacts, plan);
    expect(d.plan.fieldMapping.find((e) => e.destinationField.key === 'country')?.enumDetails).toEqual(enumDetails);
  });
});
