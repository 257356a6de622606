import { type ErrorInfo, errorInfo } from '../apollo/errors';

/** The error of an operation, by its code; field errors are left to the inputs they belong to. */
export function ErrorMessage({ error, fieldsShown = false }: { error: unknown; fieldsShown?: boolean }) {
  if (!error) return null;
  const info: ErrorInfo = errorInfo(error);
  if (fieldsShown && Object.keys(info.fields).length) return null;
  return (
    <p className="error" role="alert" data-code={info.code}>
      {info.message}
    </p>
  );
}
