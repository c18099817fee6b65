import { useEffect, useId, useRef, useState, type ReactNode } from 'react';

interface SecretOnceProps {
  heading: string;
  secretLabel: string;
  secret: string;
  onDone: () => void;
  /** What else identifies the secret's owner (a client id), above the secret. */
  children?: ReactNode;
}

/**
 * A secret, once: read-only, selectable, copyable, with the warning that Parley will not show it again. The secret
 * exists in the browser only in the answer that made it and is dropped when the person says they have it.
 */
export function SecretOnce({ heading, secretLabel, secret, onDone, children }: SecretOnceProps) {
  const id = useId();
  const field = useRef<HTMLInputElement>(null);
  const headingRef = useRef<HTMLHeadingElement>(null);
  const [copied, setCopied] = useState<string | null>(null);
  useEffect(() => headingRef.current?.focus(), [secret]);

  async function copy() {
    try {
      await navigator.clipboard.writeText(secret);
      setCopied('Copied to the clipboard.');
    } catch {
      // no clipboard permission (or no clipboard API): select it so that Ctrl+C / ⌘C copies it
      field.current?.select();
      setCopied('Copying was not allowed here: the secret is selected, press Ctrl+C (⌘C on a Mac) to copy it.');
    }
  }

  return (
    <div className="message message-warning secret-once" role="group" aria-labelledby={`${id}-heading`}>
      <h3 id={`${id}-heading`} ref={headingRef} tabIndex={-1}>
        {heading}
      </h3>
      <p>
        <strong>Copy the secret now. Parley shows it only this once</strong>: it is not stored anywhere you can read it
        again. If it is lost, rotate the secret.
      </p>
      {children}
      <p className="field">
        <label htmlFor={`${id}-secret`}>{secretLabel}</label>
        <span className="inline-form">
          <input
            id={`${id}-secret`}
            ref={field}
            className="secret"
            type="text"
            readOnly
            spellCheck={false}
            autoComplete="off"
            value={secret}
            onFocus={(event) => event.target.select()}
          />
          <button type="button" className="button-secondary" onClick={copy}>
            Copy secret
          </button>
        </span>
      </p>
      <p role="status">{copied}</p>
      <button type="button" onClick={onDone}>
        I have stored the secret
      </button>
    </div>
  );
}
