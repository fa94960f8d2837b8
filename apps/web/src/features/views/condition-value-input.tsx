import { Group, MultiSelect, NumberInput, Select, TagsInput, TextInput } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { enumLabel } from './field-labels';
import { valueShape } from './filter-model';
import {
  RELATIVE_UNITS,
  type FilterCondition,
  type FilterField,
  type FilterValue,
  type RelativeUnit,
  type RelativeValue,
} from './filter-types';

interface ConditionValueInputProps {
  field: FilterField;
  condition: FilterCondition;
  /** Values to choose from (an enum's, a picklist's); free text without them. */
  options: string[] | undefined;
  /** The accessible name of the value control(s), e.g. "Value of condition 2". */
  label: string;
  error?: string;
  onChange: (value: FilterValue | undefined) => void;
}

/** The value part of a condition, shaped by the field's type and the operator. */
export function ConditionValueInput({
  field,
  condition,
  options,
  label,
  error,
  onChange,
}: ConditionValueInputProps) {
  const { t } = useTranslation();
  const shape = valueShape(condition.operator);
  const data = options?.map((value) => ({ value, label: enumLabel(field.field, value, t) }));
  const common = { 'aria-label': label, error, size: 'sm' as const, miw: 200 };

  if (shape === 'none') return null;
  if (shape === 'relative') {
    const relative = (condition.value as RelativeValue | undefined) ?? { amount: 30, unit: 'days' };
    return (
      <Group gap="xs" wrap="nowrap">
        <NumberInput
          {...common}
          miw={90}
          w={90}
          min={1}
          max={3650}
          allowDecimal={false}
          value={relative.amount}
          onChange={(amount) => onChange({ ...relative, amount: Number(amount) || 0 })}
        />
        <Select
          aria-label={t('filters.unit')}
          size="sm"
          w={120}
          allowDeselect={false}
          data={RELATIVE_UNITS.map((unit) => ({ value: unit, label: t(`filters.units.${unit}`) }))}
          value={relative.unit}
          onChange={(unit) => unit && onChange({ ...relative, unit: unit as RelativeUnit })}
        />
      </Group>
    );
  }
  if (shape === 'range') {
    const [from, to] = (condition.value as [unknown, unknown] | undefined) ?? ['', ''];
    const bound = (which: 0 | 1, value: unknown) =>
      onChange((which === 0 ? [value, to] : [from, value]) as [unknown, unknown]);
    return (
      <Group gap="xs" wrap="nowrap">
        <SingleValue
          {...{ field, data, error }}
          label={t('filters.from', { label })}
          value={from}
          onChange={(v) => bound(0, v)}
        />
        <SingleValue
          {...{ field, data, error }}
          label={t('filters.to', { label })}
          value={to}
          onChange={(v) => bound(1, v)}
        />
      </Group>
    );
  }
  if (shape === 'list') {
    const values = (condition.value as string[] | undefined) ?? [];
    return data ? (
      <MultiSelect {...common} data={data} value={values} onChange={onChange} searchable />
    ) : (
      <TagsInput {...common} value={values} onChange={onChange} placeholder={t('filters.listPlaceholder')} />
    );
  }
  return <SingleValue {...{ field, data, error, label }} value={condition.value} onChange={onChange} />;
}

interface SingleValueProps {
  field: FilterField;
  data: Array<{ value: string; label: string }> | undefined;
  label: string;
  error?: string;
  value: unknown;
  onChange: (value: FilterValue | undefined) => void;
}

/** One value: a choice, yes/no, a number, a date or text. */
function SingleValue({ field, data, label, error, value, onChange }: SingleValueProps) {
  const { t } = useTranslation();
  const common = { 'aria-label': label, error, size: 'sm' as const, miw: 160 };
  if (field.type === 'boolean')
    return (
      <Select
        {...common}
        allowDeselect={false}
        data={[
          { value: 'true', label: t('filters.yes') },
          { value: 'false', label: t('filters.no') },
        ]}
        value={value === false ? 'false' : 'true'}
        onChange={(next) => onChange(next === 'true')}
      />
    );
  if (data)
    return (
      <Select
        {...common}
        data={data}
        value={typeof value === 'string' ? value : null}
        onChange={(next) => onChange(next ?? undefined)}
        searchable
        placeholder={t('filters.choose')}
      />
    );
  if (field.type === 'number')
    return (
      <NumberInput
        {...common}
        value={typeof value === 'number' ? value : ''}
        onChange={(next) => onChange(typeof next === 'number' ? next : undefined)}
      />
    );
  return (
    <TextInput
      {...common}
      type={field.type === 'date' ? 'date' : 'text'}
      value={typeof value === 'string' ? value : ''}
      onChange={(event) => onChange(event.currentTarget.value)}
    />
  );
}
