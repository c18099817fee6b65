export function NotFoundPage() {
  return (
    <>
      <h1 id="page-heading" tabIndex={-1}>
        Page not found
      </h1>
      <p>
        There is no such page in Parley. <a href="#/workspaces">Go to My workspaces</a>.
      </p>
    </>
  );
}
