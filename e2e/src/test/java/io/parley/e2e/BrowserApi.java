package io.parley.e2e;

import java.util.List;
import java.util.Map;

import com.microsoft.playwright.Page;

/** Calls the API from inside a page, as the SPA does: same-origin session cookie plus the CSRF header. */
final class BrowserApi {

	private BrowserApi() {
	}

	/** @return {@code status} and {@code body} (parsed JSON, or the text when it is not JSON) */
	@SuppressWarnings("unchecked")
	static Map<String, Object> call(Page page, String method, String path, String json) {
		return (Map<String, Object>) page.evaluate("""
				async ([method, path, json]) => {
				  const csrf = document.cookie.split('; ').find(c => c.startsWith('XSRF-TOKEN='))?.split('=')[1];
				  const response = await fetch(path, {
				    method, credentials: 'same-origin',
				    headers: { 'Content-Type': 'application/json', 'Accept': 'application/json',
				               ...(csrf ? { 'X-XSRF-TOKEN': decodeURIComponent(csrf) } : {}) },
				    body: json ?? undefined });
				  const text = await response.text();
				  let body = text;
				  try { body = JSON.parse(text); } catch (e) { }
				  return { status: response.status, body };
				}""", List.of(method, path, json == null ? "" : json)
			.stream()
			.map((value) -> value.isEmpty() ? null : value)
			.toList());
	}

}
