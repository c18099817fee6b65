// Minimal shell until the real SPA (web/) lands. The browser holds only the session cookie; the gateway
// adds the access token when it forwards /api/** calls.
'use strict';

const LOGIN = '/oauth2/authorization/keycloak';

function cookie(name) {
  const prefix = name + '=';
  const found = document.cookie.split('; ').find((c) => c.startsWith(prefix));
  return found ? decodeURIComponent(found.substring(prefix.length)) : '';
}

function show(id) {
  document.getElementById(id).hidden = false;
}

function status(text) {
  document.getElementById('status').textContent = text;
}

async function load() {
  // ?error=login: the last sign-in failed. Do not bounce straight back to Keycloak (it would loop).
  if (new URLSearchParams(window.location.search).has('error')) {
    status('');
    document.getElementById('signed-out-message').textContent = 'Sign-in did not succeed.';
    show('signed-out');
    return;
  }
  let response;
  try {
    response = await fetch('/api/identity/me', {
      credentials: 'same-origin',
      headers: { Accept: 'application/json', 'X-Requested-With': 'XMLHttpRequest' },
    });
  } catch (e) {
    status('Parley cannot be reached. Try again later.');
    return;
  }
  if (response.status === 401) {
    window.location.assign(LOGIN);
    return;
  }
  if (!response.ok) {
    status('Your profile could not be loaded (HTTP ' + response.status + ').');
    return;
  }
  const me = await response.json();
  // textContent only: nothing from the server is ever parsed as HTML
  document.getElementById('user-name').textContent = me.name || me.email || me.id;
  document.getElementById('organisation').textContent = me.organisation || '';
  document.getElementById('organisation-type').textContent = me.organisationType || '';
  document.getElementById('roles').textContent = (me.roles || []).join(', ');
  status('');
  show('profile');
}

document.addEventListener('DOMContentLoaded', () => {
  document.getElementById('logout-form').addEventListener('submit', () => {
    // the cookie holds the raw token, which the gateway accepts in the _csrf field
    document.getElementById('csrf-field').value = cookie('XSRF-TOKEN');
  });
  load();
});
