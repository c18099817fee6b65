import { Component, type ErrorInfo, type ReactNode } from 'react';

interface Props {
  children: ReactNode;
  /** What failed, in words: "this page", "Parley". */
  scope?: string;
}

interface State {
  error: Error | null;
}

/**
 * Never a blank page: a rendering error shows what happened and how to get going again. The app wraps each page
 * in one (keyed by the route, so moving to another page starts afresh) and the whole app in another.
 */
export class ErrorBoundary extends Component<Props, State> {
  state: State = { error: null };

  static getDerivedStateFromError(error: Error): State {
    return { error };
  }

  componentDidCatch(error: Error, info: ErrorInfo) {
    // the console is where a developer looks; the person gets words, not a stack trace
    console.error('Parley UI error', error, info.componentStack);
  }

  render() {
    if (this.state.error === null) {
      return this.props.children;
    }
    return (
      <div className="message message-error" role="alert">
        <h2>Something went wrong showing {this.props.scope ?? 'this page'}.</h2>
        <p>Nothing you entered was sent. Reload the page to try again; if it keeps happening, tell your Parley contact.</p>
        <p className="actions">
          <button type="button" onClick={() => window.location.reload()}>
            Reload the page
          </button>
          <a href="#/workspaces">Go to My workspaces</a>
        </p>
      </div>
    );
  }
}
