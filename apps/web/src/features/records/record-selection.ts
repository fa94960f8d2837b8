import { useCallback, useMemo, useState } from 'react';
import type { RowSelection } from '../../components/data-table';
import type { CrmRecord } from './records-api';

/** Chosen records by id, with the name each showed when chosen (other pages are not loaded). */
export type ChosenRecords = ReadonlyMap<string, string>;

/** The selection of a list view: kept across pages, searches and filters until cleared. */
export function useRecordSelection(label: (record: CrmRecord) => string) {
  const [chosen, setChosen] = useState<ChosenRecords>(new Map());

  const add = useCallback(
    (records: CrmRecord[]) =>
      setChosen((current) => {
        const next = new Map(current);
        for (const record of records) next.set(record.id, label(record));
        return next;
      }),
    [label],
  );

  const toggle = useCallback(
    (records: CrmRecord[], selected: boolean) => {
      if (selected) add(records);
      else
        setChosen((current) => {
          const next = new Map(current);
          for (const record of records) next.delete(record.id);
          return next;
        });
    },
    [add],
  );

  const clear = useCallback(() => setChosen(new Map()), []);

  const table = useMemo<RowSelection<CrmRecord>>(
    () => ({ selected: new Set(chosen.keys()), onToggle: toggle, rowLabel: label }),
    [chosen, toggle, label],
  );

  return { chosen, add, clear, table };
}
