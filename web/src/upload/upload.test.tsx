import { act, fireEvent, render, screen } from '@testing-library/react';
import { ApiError } from '../api/problem';
import { FakeXhr } from '../test/FakeXhr';
import { Uploader } from './Uploader';
import { formatBytes, percent, upload, UploadCancelled } from './upload';

beforeEach(() => {
  FakeXhr.created = [];
  document.cookie = 'XSRF-TOKEN=upload-token';
});

describe('upload', () => {
  it('POSTs the body with the CSRF header and reports progress', async () => {
    const seen: (number | null)[] = [];
    const handle = upload<{ id: string }>({
      url: '/api/workspaces/w1/documents',
      body: new Blob(['x'.repeat(10)]),
      createXhr: FakeXhr.factory(),
      onProgress: (p) => seen.push(percent(p)),
    });
    const xhr = FakeXhr.latest();
    expect(xhr.method).toBe('POST');
    expect(xhr.url).toBe('/api/workspaces/w1/documents');
    expect(xhr.requestHeaders['X-XSRF-TOKEN']).toBe('upload-token');
    expect(xhr.sent).toBe(true);

    xhr.progress(3, 10);
    xhr.progress(10, 10);
    xhr.respond(201, { id: 'd1' });

    await expect(handle.result).resolves.toEqual({ id: 'd1' });
    expect(seen).toEqual([30, 100]);
  });

  it('cancel aborts the transfer and rejects with UploadCancelled', async () => {
    const handle = upload({ url: '/api/x', body: new Blob(['a']), createXhr: FakeXhr.factory() });
    handle.cancel();
    expect(FakeXhr.latest().aborted).toBe(true);
    await expect(handle.result).rejects.toBeInstanceOf(UploadCancelled);
  });

  it("rejects with the problem's words when the service refuses", async () => {
    const handle = upload({ url: '/api/x', body: new Blob(['a']), createXhr: FakeXhr.factory() });
    FakeXhr.latest().respond(413, { title: 'Payload Too Large', detail: 'Documents can be at most 2 GB.' }, 'application/problem+json');
    await expect(handle.result).rejects.toThrow('Documents can be at most 2 GB.');
  });

  it('on 401 sends the person to sign in', async () => {
    const onUnauthenticated = vi.fn(() => true);
    const handle = upload({ url: '/api/x', body: new Blob(['a']), createXhr: FakeXhr.factory(), onUnauthenticated });
    FakeXhr.latest().respond(401, '');
    const error = (await handle.result.catch((e: unknown) => e)) as ApiError;
    expect(onUnauthenticated).toHaveBeenCalledTimes(1);
    expect(error.signingIn).toBe(true);
  });

  it('says the network failed in words', async () => {
    const handle = upload({ url: '/api/x', body: new Blob(['a']), createXhr: FakeXhr.factory() });
    FakeXhr.latest().failNetwork();
    await expect(handle.result).rejects.toThrow(/cannot be reached/);
  });

  it('formats sizes and percentages for people', () => {
    expect(formatBytes(999)).toBe('999 B');
    expect(formatBytes(4_200_000)).toBe('4.2 MB');
    expect(formatBytes(250_000_000)).toBe('250 MB');
    expect(percent({ loaded: 5, total: null })).toBeNull();
    expect(percent({ loaded: 1, total: 3 })).toBe(33);
  });
});

describe('Uploader', () => {
  function choose(file: File) {
    const input = screen.getByLabelText('Upload a document') as HTMLInputElement;
    fireEvent.change(input, { target: { files: [file] } });
  }

  it('shows a labelled progress bar that follows the upload, then the outcome', async () => {
    const onUploaded = vi.fn();
    render(<Uploader url="/api/workspaces/w1/documents" label="Upload a document" fields={{ label: 'TLP:AMBER' }} onUploaded={onUploaded} createXhr={FakeXhr.factory()} />);
    choose(new File(['0123456789'], 'advisory.pdf', { type: 'application/pdf' }));

    const xhr = FakeXhr.latest();
    const body = xhr.body as FormData;
    expect(body.get('label')).toBe('TLP:AMBER');
    expect((body.get('file') as File).name).toBe('advisory.pdf');

    act(() => xhr.progress(4, 10));
    expect(screen.getByText('Uploading advisory.pdf')).toBeTruthy();
    const bar = screen.getByRole('progressbar', { name: 'Upload progress' }) as HTMLProgressElement;
    expect(bar.tagName).toBe('PROGRESS');
    expect(bar.value).toBe(4);
    expect(bar.max).toBe(10);
    expect(screen.getByText('40 % (4 B of 10 B)')).toBeTruthy();

    await act(async () => xhr.respond(201, { id: 'd1' }));
    expect(screen.queryByRole('progressbar')).toBeNull();
    expect(screen.getByRole('status').textContent).toBe('Uploaded advisory.pdf.');
    expect(onUploaded).toHaveBeenCalledWith({ id: 'd1' });
  });

  it('Cancel aborts the request and says so', async () => {
    render(<Uploader url="/api/x" label="Upload a document" createXhr={FakeXhr.factory()} />);
    choose(new File(['abc'], 'big.iso'));
    act(() => FakeXhr.latest().progress(1, 3));

    await act(async () => fireEvent.click(screen.getByRole('button', { name: 'Cancel upload' })));

    expect(FakeXhr.latest().aborted).toBe(true);
    expect(screen.queryByRole('progressbar', { name: 'Upload progress' })).toBeNull();
    expect(screen.getByRole('status').textContent).toBe('Upload of big.iso cancelled.');
  });

  it('shows why an upload was refused', async () => {
    render(<Uploader url="/api/x" label="Upload a document" createXhr={FakeXhr.factory()} />);
    choose(new File(['abc'], 'eicar.com'));
    await act(async () =>
      FakeXhr.latest().respond(422, { detail: 'The scanner found malware in this file.' }, 'application/problem+json'),
    );
    expect(screen.getByRole('alert').textContent).toBe('eicar.com was not uploaded: The scanner found malware in this file.');
  });

  it('opens the file chooser from the "Upload document" button', () => {
    render(<Uploader url="/api/x" label="Upload a document" createXhr={FakeXhr.factory()} />);
    const input = screen.getByLabelText('Upload a document') as HTMLInputElement;
    const click = vi.spyOn(input, 'click');
    fireEvent.click(screen.getByRole('button', { name: 'Upload document' }));
    expect(click).toHaveBeenCalledTimes(1);
  });

  it('sends repeated fields as repeated parts', () => {
    render(<Uploader url="/api/x" label="Upload a document" fields={{ label: 'TLP:RED', namedPeople: ['p1', 'p2'] }} createXhr={FakeXhr.factory()} />);
    choose(new File(['abc'], 'red.txt'));
    expect((FakeXhr.latest().body as FormData).getAll('namedPeople')).toEqual(['p1', 'p2']);
  });

  it('sends nothing when the form is not complete, and says why', () => {
    render(<Uploader url="/api/x" label="Upload a document" validate={() => 'Name at least one person.'} createXhr={FakeXhr.factory()} />);
    choose(new File(['abc'], 'red.txt'));
    expect(FakeXhr.created).toHaveLength(0);
    expect(screen.getByRole('alert').textContent).toBe('Nothing was uploaded: Name at least one person.');
  });

  it('accepts a dropped file', () => {
    render(<Uploader url="/api/x" label="Upload a document" createXhr={FakeXhr.factory()} />);
    const zone = screen.getByText('Choose a file, or drop it here.').parentElement!;
    fireEvent.drop(zone, { dataTransfer: { files: [new File(['abc'], 'dropped.txt')] } });
    expect(FakeXhr.latest().sent).toBe(true);
    expect(screen.getByText('Uploading dropped.txt')).toBeTruthy();
  });
});
