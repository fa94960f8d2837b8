import { createTheme } from '@mantine/core';

/** Teal as the brand colour; shade 8 keeps white text above WCAG AA contrast on filled buttons. */
export const theme = createTheme({
  primaryColor: 'teal',
  primaryShade: 8,
  defaultRadius: 'md',
  fontFamily: 'system-ui, -apple-system, "Segoe UI", Roboto, "Liberation Sans", sans-serif',
});
