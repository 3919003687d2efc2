/** A material's code leading to its page on the Materials page, its name beside it. */
import { Link } from "react-router";

export function MaterialLink({ code, name }: { code: string; name?: string }) {
  return (
    <>
      <Link to={`/materials/${encodeURIComponent(code)}`}>{code}</Link>
      {name && <span className="hint"> {name}</span>}
    </>
  );
}
