import { BodyReader, isRecord, schemaMessage } from '../http/body-reader';
import { MailchimpProblem } from '../http/problem';
import { BATCH_METHODS, type BatchMethod, type BatchOperation } from './batch.model';

/** Reads one operation; errors are named as Mailchimp names them (`operations.item:3.params`). */
function readOperation(operation: unknown, index: number, errors: BodyReader['errors']): BatchOperation {
  const field = `operations.item:${index}`;
  if (!isRecord(operation)) {
    errors.push({ field, message: schemaMessage('object', operation) });
    return { method: 'GET', path: '' };
  }
  const reader = new BodyReader(operation, `${field}.`, errors);
  const method = reader.string('method', true);
  if (method && !(BATCH_METHODS as readonly string[]).includes(method))
    reader.fail('method', `The method must be one of ${BATCH_METHODS.join(', ')}.`);
  const read: BatchOperation = {
    method: method as BatchMethod,
    path: reader.string('path', true) ?? '',
    operation_id: reader.string('operation_id'),
    params: reader.record('params'),
    body: reader.string('body'),
  };
  // Absent optional fields stay absent (the batch is kept in the data file until it has run).
  return Object.fromEntries(
    Object.entries(read).filter(([, value]) => value !== undefined),
  ) as BatchOperation;
}

/** The operations of a `POST /batches` body, or 400 Invalid Resource naming every bad field. */
export function parseOperations(body: unknown): BatchOperation[] {
  const reader = BodyReader.of(body);
  const operations = reader.array('operations', true);
  reader.done();
  if (operations!.length === 0)
    throw MailchimpProblem.field('operations', 'The batch must contain at least one operation.');
  const parsed = operations!.map((operation, index) => readOperation(operation, index, reader.errors));
  reader.done();
  return parsed;
}
