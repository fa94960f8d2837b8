/** MailUp's date formats: the console's `2017-05-29 08:21:59Z`, and opt-in dates `2020-01-27 10:38:00.000`. */

export const consoleDate = (date: Date = new Date()) =>
  `${date.toISOString().slice(0, 19).replace('T', ' ')}Z`;

export const optinDate = (date: Date = new Date()) => date.toISOString().slice(0, 23).replace('T', ' ');
