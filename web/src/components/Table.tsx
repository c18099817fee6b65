import type { ReactNode } from 'react';

interface TableProps {
  columns: readonly string[];
  /** Read out before the table; hidden when the heading above already says it. */
  caption?: string;
  showCaption?: boolean;
  children: ReactNode;
}

/** A data table that scrolls sideways inside its panel on narrow screens; rows are the children. */
export function Table({ columns, caption, showCaption = false, children }: TableProps) {
  return (
    // focusable so that a keyboard can scroll it sideways when it is wider than the screen (WCAG 2.1.1)
    <div className="table-scroll" tabIndex={0}>
      <table className="table">
        {caption && <caption className={showCaption ? undefined : 'visually-hidden'}>{caption}</caption>}
        <thead>
          <tr>
            {columns.map((column) => (
              <th key={column} scope="col">
                {column}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>{children}</tbody>
      </table>
    </div>
  );
}
