/**
 * A data table: a caption (visible, or for screen readers only), column headers, one row per item, and a
 * message when there are none. Columns say how to render a cell; numbers align right.
 */
import { useId, type ReactNode } from "react";

export interface Column<T> {
  key: string;
  header: ReactNode;
  cell: (row: T) => ReactNode;
  align?: "left" | "right" | "center";
}

export interface TableProps<T> {
  caption: ReactNode;
  captionHidden?: boolean;
  columns: Column<T>[];
  rows: readonly T[];
  rowKey: (row: T) => string;
  empty: ReactNode;
  /** e.g. highlight a row that just changed */
  rowClassName?: (row: T) => string | undefined;
}

export function Table<T>({ caption, captionHidden, columns, rows, rowKey, empty, rowClassName }: TableProps<T>) {
  const captionId = useId();
  // a table wider than the screen scrolls sideways: its region takes the focus, so a keyboard can scroll it too
  return (
    <div className="table-wrap" role="region" aria-labelledby={captionId} tabIndex={0}>
      <table className="table">
        <caption id={captionId} className={captionHidden ? "visually-hidden" : undefined}>{caption}</caption>
        <thead>
          <tr>
            {columns.map((c) => (
              <th key={c.key} scope="col" className={c.align ? `align-${c.align}` : undefined}>
                {c.header}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.length === 0 ? (
            <tr>
              <td colSpan={columns.length} className="table-empty">
                {empty}
              </td>
            </tr>
          ) : (
            rows.map((row) => (
              <tr key={rowKey(row)} className={rowClassName?.(row)}>
                {columns.map((c) => (
                  <td key={c.key} className={c.align ? `align-${c.align}` : undefined}>
                    {c.cell(row)}
                  </td>
                ))}
              </tr>
            ))
          )}
        </tbody>
      </table>
    </div>
  );
}
