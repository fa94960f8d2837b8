import { Pagination } from '@mantine/core';
import { useTranslation } from 'react-i18next';

interface PagerProps {
  /** How many pages there are; nothing shows for one page or none. */
  pages: number;
  value: number;
  onChange: (page: number) => void;
}

/** Page buttons whose names say where they go (first, previous, page 3…). */
export function Pager({ pages, value, onChange }: PagerProps) {
  const { t } = useTranslation();
  if (pages <= 1) return null;
  return (
    <Pagination
      total={pages}
      value={value}
      onChange={onChange}
      size="sm"
      withEdges
      getControlProps={(control) => ({ 'aria-label': t(`table.${control}`) })}
      getItemProps={(item) => ({ 'aria-label': t('table.pageN', { page: item }) })}
    />
  );
}
