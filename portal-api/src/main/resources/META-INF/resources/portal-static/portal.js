/* ComputeNet portal: the pages' script. It calls the public JSON API with the session cookie and the page's CSRF
   token, renders in the page's language (texts from #i18n, numbers and dates through Intl) and shows problems next to
   the field or action they concern. No build step, no framework. */
(function () {
  'use strict';
  var lang = document.documentElement.lang || 'en';
  var texts = (document.getElementById('i18n') || { dataset: {} }).dataset;
  var csrf = (document.querySelector('meta[name="csrf-token"]') || {}).content;

  function t(key) {
    var text = texts[t.camel(key)] || key;
    var args = Array.prototype.slice.call(arguments, 1);
    return text.replace(/\{(\d+)\}/g, function (m, i) { return args[i] === undefined ? m : args[i]; });
  }
  // data-js-free-of -> dataset.jsFreeOf; data-state-RUNNING is lower-cased by HTML -> dataset.stateRunning
  t.camel = function (key) { return key.toLowerCase().replace(/_([a-z])/g, function (m, c) { return c.toUpperCase(); }); };
  function el(tag, attrs, children) {
    var e = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) {
      if (k === 'text') { e.textContent = attrs[k]; } else if (k.indexOf('on') === 0) { e.addEventListener(k.substring(2), attrs[k]); }
      else if (attrs[k] !== null && attrs[k] !== undefined && attrs[k] !== false) { e.setAttribute(k, attrs[k]); }
    });
    (children || []).forEach(function (c) { if (c !== null && c !== undefined) { e.appendChild(typeof c === 'string' ? document.createTextNode(c) : c); } });
    return e;
  }
  var fmt = {
    num: function (x, digits) {
      if (x === null || x === undefined || x === '') { return ''; }
      return new Intl.NumberFormat(lang, { maximumFractionDigits: digits === undefined ? 2 : digits }).format(Number(x));
    },
    money: function (x, currency) {
      if (x === null || x === undefined) { return t('js_unpriced'); }
      return new Intl.NumberFormat(lang, { style: 'currency', currency: currency || 'CNY' }).format(Number(x));
    },
    date: function (iso) {
      if (!iso) { return t('js_never'); }
      return new Intl.DateTimeFormat(lang, { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(iso));
    },
    day: function (isoDate) {
      // a calendar date (YYYY-MM-DD, UTC) shown as that day, whatever the reader's zone
      return new Intl.DateTimeFormat(lang, { month: 'short', day: 'numeric', timeZone: 'UTC' }).format(new Date(isoDate + 'T00:00:00Z'));
    },
    time: function (iso) {
      return new Intl.DateTimeFormat(lang, { hour: '2-digit', minute: '2-digit', second: '2-digit' }).format(new Date(iso));
    }
  };

  /**
   * A problem+json answer (or a network failure) as an Error the page can show: for a type the portal knows, its
   * code's text in the page's language (detailCode: problem_<code> of #i18n, with the problem's field and reason);
   * else the service's detail.
   */
  function Problem(status, body) {
    this.status = status;
    this.body = body || {};
    var c = this.body.detailCode;
    var args = (c && c.args || []).slice();
    // one bad field: its reason worded too
    if (c && c.code === 'invalid_field' && this.body.errorCodes && this.body.errorCodes.length === 1) {
      args[1] = fieldReason(this.body.errorCodes[0], args[1]);
    }
    this.message = c && texts[t.camel('problem_' + c.code)] ? t.apply(null, ['problem_' + c.code].concat(args))
      : this.body.detail || this.body.title || t('js_error');
  }
  /** A bad field's reason in the page's language (errorCodes[i]: field_<code> of #i18n), else the service's words. */
  function fieldReason(code, message) {
    if (!code || code.code === 'other' || !texts[t.camel('field_' + code.code)]) { return message; }
    return t.apply(null, ['field_' + code.code].concat(code.args || []));
  }
  function api(method, path, body) {
    var headers = { 'Accept': 'application/json', 'X-Requested-With': 'JavaScript' };
    if (method !== 'GET') { headers['X-CSRF-Token'] = csrf; }
    if (body !== undefined) { headers['Content-Type'] = 'application/json'; }
    return fetch(path, { method: method, headers: headers, credentials: 'same-origin',
      body: body === undefined ? undefined : JSON.stringify(body) })
      .catch(function () { throw new Problem(0, { detail: t('js_unreachable') }); })
      .then(function (r) {
        var type = r.headers.get('Content-Type') || '';
        if (r.ok) { return type.indexOf('json') >= 0 ? r.json() : r.text(); }
        if (r.status === 401 || r.status === 499) { throw new Problem(401, { detail: t('js_session_expired') }); }
        if (type.indexOf('json') >= 0) { return r.json().then(function (p) { throw new Problem(r.status, p); }); }
        throw new Problem(r.status, { detail: t('js_error') });
      });
  }
  /** Shows a problem: each named field's message under that field, the rest (detail, reasons) in the status line. */
  function showProblem(scope, status, problem) {
    clearProblems(scope);
    var unplaced = [];
    var codes = (problem.body && problem.body.errorCodes) || [];
    ((problem.body && problem.body.errors) || []).forEach(function (fe, i) {
      var name = (fe.field || '').split('.').pop();
      var input = scope && scope.querySelector('[name="' + name + '"]');
      var slot = input && input.parentNode.querySelector('.field-error');
      var reason = fieldReason(codes[i], fe.message);
      if (slot) {
        slot.textContent = reason;
        input.setAttribute('aria-invalid', 'true');
        input.setAttribute('aria-describedby', slot.id || (slot.id = 'err-' + name + '-' + Math.random().toString(36).slice(2)));
      } else { unplaced.push(fe.field + ': ' + reason); }
    });
    var body = problem.body || {};
    var parts = [problem.message].concat(unplaced)
      .concat(body.reasonCodes ? body.reasonCodes.map(reasonText) : (body.reasons || []));
    if (status) {
      status.className = 'form-status error';
      status.textContent = parts.join(' · ');
      if (problem.status === 401) { status.appendChild(el('a', { href: location.pathname, text: ' ↻' })); }
    }
  }
  function clearProblems(scope) {
    if (!scope) { return; }
    scope.querySelectorAll('.field-error').forEach(function (s) { s.textContent = ''; });
    scope.querySelectorAll('[aria-invalid]').forEach(function (i) { i.removeAttribute('aria-invalid'); });
  }
  function ok(status, text) { status.className = 'form-status ok'; status.textContent = text; }
  function formBody(form, numbers) {
    var body = {};
    new FormData(form).forEach(function (v, k) {
      if (v === '') { return; }
      body[k] = numbers.indexOf(k) >= 0 && !isNaN(Number(v)) ? Number(v) : v;
    });
    return body;
  }
  function statusOf(form) { return form.querySelector('.form-status'); }
  /**
   * A pending reason in the page's language: its code's text (data-reason-* of #i18n) with the arguments, instants
   * among them as dates, the reasons within a nested one worded too; the scheduler's own sentence when the code has no
   * text.
   */
  function reasonText(r) {
    var key = 'reason_' + r.code;
    if (r.code === 'other' || !texts[t.camel(key)]) { return r.text; }
    var args = (r.args || []).map(function (a) { return /^\d{4}-\d\d-\d\dT[\d:.]+Z$/.test(a) ? fmt.date(a) : a; });
    // a workload's end: its first argument is the Pod's phase in the scheduler's words (failed, missing, succeeded)
    if ((r.code === 'lease_workload_ended' || r.code === 'lease_workload_not_started') && texts[t.camel('reason_pod_phase_' + args[0])]) {
      args[0] = t('reason_pod_phase_' + args[0]);
    }
    // a nested reason's last argument holds further reasons (an advance booking's, a gang member's, the queue's)
    if (r.within && r.within.length) { args[args.length - 1] = r.within.map(reasonText).join(lang.indexOf('zh') === 0 ? '；' : '; '); }
    return t.apply(null, [key].concat(args));
  }
  /** Polls while the page is visible; a failed poll shows its problem and the next one tries again. */
  function poll(fn, ms) {
    var run = function () { if (!document.hidden) { fn(); } };
    run();
    return setInterval(run, ms);
  }

  // language switch: a cookie, then the same page again
  document.querySelectorAll('.lang button').forEach(function (b) {
    b.addEventListener('click', function () {
      document.cookie = 'cn_lang=' + b.dataset.lang + '; Path=/; Max-Age=31536000; SameSite=Lax' + (location.protocol === 'https:' ? '; Secure' : '');
      location.reload();
    });
  });

  var pages = {};

  pages.offers = function () {
    var filters = document.getElementById('offer-filters');
    var tbody = document.querySelector('#offers tbody');
    var offersStatus = document.getElementById('offers-status');
    var all = [];
    var request = document.getElementById('request-form');
    function fillSelect(select, values) {
      var current = select.value;
      while (select.options.length > 1) { select.remove(1); }
      values.forEach(function (v) { select.add(new Option(v.label, v.value)); });
      select.value = current;
    }
    function render() {
      var f = formBody(filters, ['minMemory', 'maxPrice']);
      tbody.textContent = '';
      var shown = all.filter(function (o) {
        return (!f.minMemory || o.deviceMemoryGiB >= f.minMemory) && (!f.vendor || o.vendor === f.vendor)
          && (!f.region || o.region === f.region)
          && (!f.framework || (o.frameworks || []).indexOf(f.framework) >= 0)
          && (f.maxPrice === undefined || (o.pricePerDeviceHour !== null && o.pricePerDeviceHour <= f.maxPrice));
      });
      shown.forEach(function (o) {
        var pct = o.totalDevices ? Math.round(100 * o.freeDevices / o.totalDevices) : 0;
        tbody.appendChild(el('tr', { 'data-region': o.region, 'data-model': o.model }, [
          el('td', {}, [o.regionName || o.region, el('br'), el('small', { text: o.region })]),
          el('td', { text: o.model }), el('td', { text: o.vendor }),
          el('td', { 'class': 'num', text: fmt.num(o.deviceMemoryGiB, 1) + ' GiB' }),
          el('td', {}, [el('span', { 'class': 'bar', 'aria-hidden': 'true' }, [el('span', { style: 'width:' + pct + '%' })]),
            t('js_free_of', fmt.num(o.freeDevices, 0), fmt.num(o.totalDevices, 0))]),
          el('td', { 'class': 'num', text: fmt.money(o.pricePerDeviceHour, o.currency) }),
          el('td', { 'class': 'frameworks', text: (o.frameworks || []).join(', ') })]));
      });
      offersStatus.textContent = shown.length ? '' : t('js_none');
    }
    function load() {
      api('GET', '/api/v1/offers').then(function (offers) {
        all = offers;
        var regions = {}, vendors = {}, frameworks = {};
        offers.forEach(function (o) {
          regions[o.region] = o.regionName || o.region; vendors[o.vendor] = o.vendor;
          (o.frameworks || []).forEach(function (f) { frameworks[f] = f; });
        });
        var regionOptions = Object.keys(regions).sort().map(function (r) { return { value: r, label: regions[r] + ' (' + r + ')' }; });
        var vendorOptions = Object.keys(vendors).sort().map(function (v) { return { value: v, label: v }; });
        fillSelect(filters.elements.region, regionOptions); fillSelect(filters.elements.vendor, vendorOptions);
        fillSelect(request.elements.region, regionOptions); fillSelect(request.elements.vendor, vendorOptions);
        fillSelect(filters.elements.framework, Object.keys(frameworks).sort().map(function (f) { return { value: f, label: f }; }));
        render();
      }).catch(function (p) { showProblem(null, offersStatus, p); });
    }
    // a select may announce its choice by change only
    filters.addEventListener('input', render);
    filters.addEventListener('change', render);
    poll(load, 10000);

    var box = document.getElementById('quotes-box');
    var quotesBody = document.querySelector('#quotes tbody');
    var bookStatus = document.getElementById('book-status');
    var numbers = ['memoryGiB', 'deviceCount', 'durationMinutes', 'maxPricePerHour'];
    request.addEventListener('submit', function (e) {
      e.preventDefault();
      var asked = formBody(request, numbers);
      var quoteBody = Object.assign({}, asked);
      delete quoteBody.image;
      clearProblems(request); statusOf(request).textContent = t('js_loading');
      api('POST', '/api/v1/quotes', quoteBody).then(function (answer) {
        statusOf(request).textContent = '';
        quotesBody.textContent = ''; bookStatus.textContent = '';
        var reasons = document.getElementById('quote-reasons');
        reasons.textContent = '';
        (answer.reasonCodes || []).forEach(function (r) { reasons.appendChild(el('li', { 'data-reason': r.code, text: reasonText(r) })); });
        if (!answer.quotes.length) { reasons.insertBefore(el('li', { text: t('js_no_quotes') }), reasons.firstChild); }
        answer.quotes.forEach(function (q, i) {
          var slice = q.sliceKind ? q.sliceKind + (q.sliceProfile ? ' ' + q.sliceProfile : '') + ' · ' + fmt.num(q.share * 100, 0) + '%' : '—';
          quotesBody.appendChild(el('tr', { 'data-quote': i }, [
            el('td', { text: q.region }), el('td', { text: q.vendor + ' ' + q.model + ' · ' + fmt.num(q.deviceMemoryGiB, 1) + ' GiB' }),
            el('td', { text: slice }),
            el('td', { 'class': 'num', text: t('js_per_hour', fmt.money(q.pricePerHour, q.currency)) }),
            el('td', { 'class': 'num', text: fmt.money(q.estimatedCost, q.currency) }),
            el('td', {}, [el('button', { type: 'button', 'class': 'book', 'data-quote': i, onclick: function (ev) { book(asked, q, ev.target); } }, [t('js_book')])])]));
        });
        box.hidden = false;
      }).catch(function (p) { showProblem(request, statusOf(request), p); });
    });
    function book(asked, q, button) {
      // the lease books the chosen quote by its id: placed inside its option at the price it holds
      var lease = { quoteId: q.quoteId, image: asked.image, command: asked.command,
        maxWaitMinutes: asked.maxWaitMinutes };
      button.disabled = true;
      api('POST', '/api/v1/leases', lease).then(function (created) {
        ok(bookStatus, t('js_booked', created.leaseId));
        location.assign('/portal/leases#lease-' + created.leaseId);
      }).catch(function (p) { button.disabled = false; showProblem(request, bookStatus, p); });
    }
  };

  pages.leases = function () {
    var box = document.getElementById('leases');
    var status = document.getElementById('leases-status');
    var cards = {};
    var charts = {};
    function card(l) {
      var c = cards[l.leaseId];
      if (!c) {
        var renewMinutes = el('input', { type: 'number', min: '1', value: '60', name: 'minutes', 'aria-label': t('js_renew_minutes') });
        var actionStatus = el('p', { 'class': 'form-status', role: 'alert' });
        c = {
          root: el('article', { 'class': 'lease', id: 'lease-' + l.leaseId, 'data-lease': l.leaseId }),
          head: el('header'), facts: el('p', { 'class': 'facts' }), notes: el('div'),
          actions: el('form', { 'class': 'actions', novalidate: 'novalidate' }), status: actionStatus,
          chart: el('div', { 'class': 'chart', hidden: 'hidden', role: 'img', 'aria-label': t('js_usage') })
        };
        c.renew = el('button', { type: 'submit', 'class': 'secondary renew' }, [t('js_renew')]);
        c.release = el('button', { type: 'button', 'class': 'danger release', onclick: function () { release(l.leaseId, c); } }, [t('js_release')]);
        c.usage = el('button', { type: 'button', 'class': 'secondary usage', 'aria-expanded': 'false', onclick: function () { toggleChart(l.leaseId, c); } }, [t('js_usage')]);
        c.actions.appendChild(el('label', {}, [t('js_renew_minutes'), el('span', {}, [renewMinutes]), el('span', { 'class': 'field-error' })]));
        [c.renew, c.release, c.usage].forEach(function (b) { c.actions.appendChild(b); });
        c.actions.addEventListener('submit', function (e) {
          e.preventDefault();
          api('POST', '/api/v1/leases/' + l.leaseId + '/renew', { minutes: Number(renewMinutes.value) })
            .then(function (updated) { update(updated); ok(c.status, t('js_saved')); })
            .catch(function (p) { showProblem(c.actions, c.status, p); });
        });
        [c.head, c.facts, c.notes, c.actions, c.status, c.chart].forEach(function (x) { c.root.appendChild(x); });
        cards[l.leaseId] = c;
      }
      return c;
    }
    function update(l) {
      var c = card(l);
      c.root.setAttribute('data-state', l.state);
      c.head.textContent = '';
      c.head.appendChild(el('strong', { text: (l.deviceModel || '') + ' ×' + l.deviceCount }));
      c.head.appendChild(el('span', { 'class': 'badge state ' + l.state, 'data-state': l.state, text: t('state_' + l.state) }));
      c.head.appendChild(el('code', { text: l.leaseId }));
      var facts = [l.region, fmt.num(l.memoryGiB, 2) + ' GiB'];
      if (l.slice) { facts.push(l.slice.kind + (l.slice.profile ? ' ' + l.slice.profile : '')); }
      if (l.pricePerHour != null) { facts.push(t('js_lease_price', fmt.money(l.pricePerHour, l.currency), fmt.money(l.estimatedCost, l.currency))); }
      if (l.startedAt) { facts.push('▶ ' + fmt.date(l.startedAt)); }
      if (l.endsAt && !l.endedAt) { facts.push('⏱ ' + fmt.date(l.endsAt)); }
      if (l.endedAt) { facts.push('■ ' + fmt.date(l.endedAt)); }
      c.facts.textContent = facts.filter(Boolean).join(' · ');
      c.notes.textContent = '';
      if (l.pendingReasons && l.pendingReasons.length) {
        c.notes.appendChild(el('p', { text: t('js_waiting_because') }));
        var coded = l.pendingReasonCodes && l.pendingReasonCodes.length === l.pendingReasons.length ? l.pendingReasonCodes
          : l.pendingReasons.map(function (r) { return { code: 'other', args: [], text: r }; });
        c.notes.appendChild(el('ul', { 'class': 'reasons pending' }, coded.map(function (r) {
          return el('li', { 'data-reason': r.code, text: reasonText(r) });
        })));
      }
      if (l.drainDeadline) { c.notes.appendChild(el('p', { 'class': 'notice drain', text: t('js_drain_notice', fmt.date(l.drainDeadline)) })); }
      if (l.reason && l.endedAt) {
        c.notes.appendChild(el('p', { 'class': 'reasons ended', 'data-reason': (l.reasonCodes || []).map(function (r) { return r.code; }).join(' '),
          text: l.reasonCodes && l.reasonCodes.length ? l.reasonCodes.map(reasonText).join(lang.indexOf('zh') === 0 ? '；' : '; ') : l.reason }));
      }
      var live = ['RELEASED', 'EXPIRED', 'FAILED', 'PREEMPTED'].indexOf(l.state) < 0;
      c.renew.disabled = !live || l.state === 'QUEUED'; c.release.disabled = !live;
      if (charts[l.leaseId]) { loadChart(l.leaseId, c); }
    }
    function release(id, c) {
      if (!window.confirm(t('js_release_confirm', id))) { return; }
      api('POST', '/api/v1/leases/' + id + '/release').then(update).catch(function (p) { showProblem(c.actions, c.status, p); });
    }
    function toggleChart(id, c) {
      var open = c.chart.hidden;
      c.chart.hidden = !open;
      c.usage.setAttribute('aria-expanded', String(open));
      if (open) { loadChart(id, c); } else if (charts[id]) { charts[id].dispose(); delete charts[id]; }
    }
    function loadChart(id, c) {
      // the series: equal steps, each sample weighted by the time it covers; a step without samples is a gap
      api('GET', '/api/v1/leases/' + id + '/usage/series').then(function (points) {
        var samples = points.filter(function (p) { return p.utilizationPct !== null || p.memoryUsedMiB !== null; });
        c.chart.setAttribute('data-samples', String(samples.length));
        if (!window.echarts) { return; }
        var chart = charts[id] || (charts[id] = window.echarts.init(c.chart));
        var util = points.map(function (p) { return [p.at, p.utilizationPct === null ? null : p.utilizationPct]; });
        var mem = points.map(function (p) { return [p.at, p.memoryUsedMiB === null ? null : Math.round(p.memoryUsedMiB / 102.4) / 10]; });
        chart.setOption({
          animation: false, legend: { top: 0 }, grid: { left: 48, right: 48, top: 32, bottom: 32 },
          tooltip: { trigger: 'axis', valueFormatter: function (v) { return fmt.num(v, 1); } },
          // the title is always set (shown or hidden): setOption merges, so an omitted title would keep the empty notice
          title: { show: !samples.length, text: t('js_usage_empty'), left: 'center', top: 'middle', textStyle: { fontSize: 14 } },
          xAxis: { type: 'time', axisLabel: { formatter: function (v) { return fmt.time(v); } } },
          yAxis: [{ type: 'value', name: t('js_utilisation'), max: 100 }, { type: 'value', name: t('js_memory_used') }],
          series: [{ name: t('js_utilisation'), type: 'line', showSymbol: false, data: util },
            { name: t('js_memory_used'), type: 'line', yAxisIndex: 1, showSymbol: false, data: mem }]
        });
      }).catch(function (p) { showProblem(c.actions, c.status, p); });
    }
    function load() {
      api('GET', '/api/v1/leases').then(function (leases) {
        status.textContent = '';
        leases.sort(function (a, b) { return (b.requestedAt || '').localeCompare(a.requestedAt || ''); });
        leases.forEach(function (l) { update(l); });
        leases.forEach(function (l) { box.appendChild(cards[l.leaseId].root); });
        if (!leases.length) { status.className = 'form-status'; status.textContent = t('js_none'); }
      }).catch(function (p) { showProblem(null, status, p); });
    }
    poll(load, 3000);
  };

  pages.operator = function () {
    var form = document.getElementById('token-form');
    var tokensBox = document.getElementById('tokens');
    var tbody = document.querySelector('#nodes tbody');
    var nodesStatus = document.getElementById('nodes-status');
    var dialog = document.getElementById('confirm');
    form.addEventListener('submit', function (e) {
      e.preventDefault();
      clearProblems(form);
      api('POST', '/api/v1/operator/enrollment-tokens', formBody(form, ['expiresInMinutes', 'count'])).then(function (batch) {
        statusOf(form).textContent = '';
        tokensBox.textContent = '';
        tokensBox.appendChild(el('p', { 'class': 'form-status ok', id: 'tokens-expiry', 'data-expires': batch.expiresAt,
          text: t('js_tokens_created', fmt.date(batch.expiresAt)) }));
        var list = el('ul');
        batch.tokens.forEach(function (token) {
          var copy = el('button', { type: 'button', 'class': 'secondary copy', onclick: function () {
            (navigator.clipboard ? navigator.clipboard.writeText(token) : Promise.reject()).then(
              function () { copy.textContent = t('js_copied'); },
              function () { window.getSelection().selectAllChildren(code); });
          } }, [t('js_copy')]);
          var code = el('code', { 'class': 'token', text: token });
          list.appendChild(el('li', {}, [code, ' ', copy]));
        });
        tokensBox.appendChild(list);
      }).catch(function (p) { showProblem(form, statusOf(form), p); });
    });
    function confirmThen(text, action) {
      document.getElementById('confirm-text').textContent = text;
      dialog.returnValue = '';
      dialog.onclose = function () { if (dialog.returnValue === 'ok') { action(); } };
      dialog.showModal();
    }
    function nodeAction(method, path, body) {
      api(method, path, body).then(load).catch(function (p) { showProblem(null, nodesStatus, p); });
    }
    function render(nodes) {
      tbody.textContent = '';
      nodes.forEach(function (n) {
        var state;
        if (n.revokedAt) { state = t('js_revoked', fmt.date(n.revokedAt)); }
        else if (n.drain && n.drain.state === 'DRAINED') { state = t('js_drained_since', fmt.date(n.drain.deadline)); }
        else if (n.drain) { state = t('js_draining_until', fmt.date(n.drain.deadline)); }
        else { state = t('js_active'); }
        var actions = el('div', { 'class': 'actions' });
        if (!n.revokedAt) {
          if (n.drain) {
            actions.appendChild(el('button', { type: 'button', 'class': 'secondary undrain', onclick: function () {
              nodeAction('DELETE', '/api/v1/operator/nodes/' + encodeURIComponent(n.nodeId) + '/drain');
            } }, [t('js_undrain')]));
          } else {
            var minutes = el('input', { type: 'number', min: '1', max: '10080', value: '60', name: 'minutes', 'class': 'drain-minutes',
              'aria-label': t('js_drain_minutes') + ' (' + n.nodeId + ')', style: 'width:6rem' });
            actions.appendChild(minutes);
            actions.appendChild(el('button', { type: 'button', 'class': 'secondary drain', onclick: function () {
              nodeAction('POST', '/api/v1/operator/nodes/' + encodeURIComponent(n.nodeId) + '/drain', { minutes: Number(minutes.value) });
            } }, [t('js_drain')]));
          }
          actions.appendChild(el('button', { type: 'button', 'class': 'danger revoke', onclick: function () {
            confirmThen(t('js_revoke_confirm', n.nodeId), function () {
              nodeAction('POST', '/api/v1/operator/nodes/' + encodeURIComponent(n.nodeId) + '/revoke');
            });
          } }, [t('js_revoke')]));
        }
        tbody.appendChild(el('tr', { 'data-node': n.nodeId, 'data-drain': n.drain ? n.drain.state : '' }, [
          el('td', {}, [el('strong', { text: n.nodeId }), el('br'), el('small', { text: n.hostname || '' })]),
          el('td', { text: n.region + ' / ' + n.cluster }),
          el('td', { 'class': 'num', text: fmt.num(n.enrolledDevices, 0) }),
          el('td', { text: fmt.date(n.lastSeenAt) }),
          el('td', { 'class': 'utilisation', 'data-utilisation': n.utilisation && n.utilisation.utilizationPct !== null ? n.utilisation.utilizationPct : '',
            text: n.utilisation && n.utilisation.utilizationPct !== null ? t('js_utilisation_line',
              fmt.num(n.utilisation.utilizationPct, 1), fmt.num(n.utilisation.devices, 0),
              fmt.num(n.utilisation.devicesInUse, 0), fmt.num(n.utilisation.memoryUsedMiB / 1024, 1)) : t('js_no_samples') }),
          el('td', { 'class': 'node-state' }, [state].concat((n.deviceMismatches || []).map(function (m) {
            return el('small', { 'class': 'device-mismatch', text: t('js_device_mismatch', m.deviceKey,
              m.enrolledModel + (m.enrolledMemoryMiB ? ' ' + m.enrolledMemoryMiB + ' MiB' : ''),
              m.reportedModel + ' ' + m.reportedMemoryMiB + ' MiB') });
          }))), el('td', {}, [actions])]));
      });
      if (!nodes.length) { nodesStatus.textContent = t('js_none'); }
    }
    function load() {
      api('GET', '/api/v1/operator/nodes').then(function (nodes) {
        nodesStatus.textContent = '';
        nodes.sort(function (a, b) { return a.nodeId.localeCompare(b.nodeId); });
        var regions = document.getElementById('regions');
        regions.textContent = '';
        Array.from(new Set(nodes.map(function (n) { return n.region; }))).forEach(function (r) { regions.appendChild(el('option', { value: r })); });
        render(nodes);
      }).catch(function (p) { showProblem(null, nodesStatus, p); });
    }
    poll(load, 10000);
    var priceForm = document.getElementById('price-form');
    function sliceLabel(p) {
      return p.sliceKind ? p.sliceKind + (p.sliceProfile ? ' ' + p.sliceProfile : '') : t('js_whole_device');
    }
    function loadPrices() {
      api('GET', '/api/v1/operator/price-books').then(function (prices) {
        // newest start first: the price in force and those to come lead, the history follows
        prices.sort(function (a, b) { return (b.validFrom || '').localeCompare(a.validFrom || '') || (b.id || 0) - (a.id || 0); });
        fill(document.querySelector('#prices tbody'), prices.map(function (p) {
          return [p.region, p.deviceModel + ' (' + p.vendor + ')', sliceLabel(p), p.term === 'INTERRUPTIBLE' ? t('js_interruptible') : t('js_on_demand'),
            num(money(p.pricePerDeviceHour, p.currency)), fmt.date(p.validFrom), p.createdBy || ''];
        }));
      }).catch(function (p) { showProblem(priceForm, statusOf(priceForm), p); });
    }
    priceForm.addEventListener('submit', function (e) {
      e.preventDefault();
      clearProblems(priceForm);
      var body = formBody(priceForm, ['pricePerDeviceHour']);
      // datetime-local is the reader's local time without a zone: sent as the instant it names
      if (body.validFrom) { body.validFrom = new Date(body.validFrom).toISOString(); }
      api('POST', '/api/v1/operator/price-books', body).then(function (added) {
        ok(statusOf(priceForm), t('js_price_added', fmt.date(added.validFrom)));
        loadPrices();
      }).catch(function (p) { showProblem(priceForm, statusOf(priceForm), p); });
    });
    loadPrices();
    payoutStatements('/api/v1/payouts', false);
  };

  /** This month as YYYY-MM (UTC), or the month before. */
  function month(offset) {
    var d = new Date();
    d = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + (offset || 0), 1));
    return d.getUTCFullYear() + '-' + String(d.getUTCMonth() + 1).padStart(2, '0');
  }
  function money(x, currency) { return fmt.money(x, currency); }
  /** Seconds as h:mm:ss (hours unbounded). */
  function duration(seconds) {
    var s = Math.max(0, Math.round(Number(seconds) || 0));
    return Math.floor(s / 3600) + ':' + String(Math.floor(s % 3600 / 60)).padStart(2, '0') + ':' + String(s % 60).padStart(2, '0');
  }
  function cells(values) {
    return values.map(function (v) { return v && v.num ? el('td', { 'class': 'num' }, [v.text]) : el('td', {}, [v && v.node ? v.node : String(v === null || v === undefined ? '' : v)]); });
  }
  function num(text) { return { num: true, text: text }; }
  function fill(tbody, rows, empty) {
    tbody.textContent = '';
    rows.forEach(function (r) { tbody.appendChild(el('tr', {}, cells(r))); });
    if (!rows.length) { tbody.appendChild(el('tr', {}, [el('td', { colspan: String(tbody.parentNode.tHead.rows[0].cells.length), 'class': 'hint' }, [empty || t('js_none')])])); }
  }
  /** The #payout-form of portal/payouts.html: a month's statements from {@code path}, with the operator's column. */
  function payoutStatements(path, withOperator) {
    var form = document.getElementById('payout-form');
    form.elements.period.value = month(-1);
    form.addEventListener('submit', function (e) {
      e.preventDefault();
      clearProblems(form);
      var period = form.elements.period.value;
      statusOf(form).textContent = t('js_loading');
      api('GET', path + (period ? '?period=' + encodeURIComponent(period) : '')).then(function (list) {
        statusOf(form).textContent = '';
        fill(document.querySelector('#payouts tbody'), list.map(function (p) {
          return (withOperator ? [p.operatorId] : []).concat([p.period, fmt.date(p.issuedAt), num(money(p.gross, p.currency)),
            num(money(p.fee, p.currency)), num(money(p.net, p.currency)), num(fmt.num((p.lines || []).length, 0))]);
        }));
      }).catch(function (p) { showProblem(form, statusOf(form), p); });
    });
  }
  /** A tenant's vouchers (from its balance) into the page's #vouchers table. */
  function fillVouchers(b) {
    fill(document.querySelector('#vouchers tbody'), (b.vouchers || []).map(function (v) {
      var scope = [v.region, v.vendor].filter(Boolean).join(' · ') || t('js_all_regions');
      return [v.id + (v.reason ? ' · ' + v.reason : ''), num(money(v.amount, v.currency)),
        num(money(v.remaining, v.currency) + ' · ' + (v.usable ? t('js_usable') : t('js_used_up'))), scope, fmt.date(v.expiresAt)];
    }));
  }
  /** A tenant's balance in every currency it holds. */
  function balances(b) {
    return (b.balances && b.balances.length ? b.balances : [{ currency: b.currency, balance: b.balance }])
      .map(function (c) { return money(c.balance, c.currency); }).join(' · ');
  }
  function invoiceRow(i, withTenant) {
    var link = el('a', { href: '/api/v1/invoices/' + encodeURIComponent(i.number) + '/html', target: '_blank', rel: 'noopener',
      'aria-label': t('js_view_invoice', i.number), text: i.number });
    // finance reads the figures here; the invoice page itself is its tenant's (GET /api/v1/invoices/{n}/html)
    var row = [withTenant ? i.number : { node: link }];
    if (withTenant) { row.push(i.tenantId); } else { row.push(i.period); }
    return row.concat([fmt.date(i.issuedAt), num(money(i.subtotal, i.currency)), num(money(i.credits, i.currency)),
      num(money(i.tax, i.currency)), num(money(i.total, i.currency))]);
  }

  pages.account = function () {
    var fundsStatus = document.getElementById('funds-status');
    var spendStatus = document.getElementById('spend-status');
    var invoicesStatus = document.getElementById('invoices-status');
    function funds() {
      api('GET', '/api/v1/balance').then(function (b) {
        fundsStatus.textContent = '';
        document.getElementById('balance').textContent = balances(b);
        document.getElementById('spend').textContent = money(b.spendThisMonth, b.currency) + ' (' + b.period + ')';
        var notices = document.getElementById('notices');
        notices.textContent = '';
        (b.notices || []).forEach(function (n) { notices.appendChild(el('li', { 'class': 'notice' }, [fmt.date(n.at) + ': ' + n.message])); });
        fillVouchers(b);
      }).catch(function (p) { showProblem(null, fundsStatus, p); });
    }
    function spend() {
      api('GET', '/api/v1/usage?period=' + month(0)).then(function (u) {
        spendStatus.textContent = '';
        fill(document.querySelector('#spend-leases tbody'), (u.leases || []).map(function (l) {
          return [{ node: el('a', { href: '/portal/leases#lease-' + l.leaseId, text: l.leaseId }) },
            l.deviceCount + ' × ' + l.deviceModel + (l.slice && l.slice !== 'whole device' ? ' (' + l.slice + ')' : ''), l.region,
            num(duration(l.seconds)), fmt.date(l.ratedUntil), num(money(l.amount, l.currency))];
        }));
        var foot = document.querySelector('#spend-leases tfoot');
        foot.textContent = '';
        (u.totals || []).forEach(function (total) {
          foot.appendChild(el('tr', {}, [el('th', { scope: 'row', colspan: '3' }, [t('js_total')]),
            el('td', { 'class': 'num' }, [duration(total.seconds)]), el('td', {}, []),
            el('td', { 'class': 'num' }, [money(total.amount, total.currency)])]));
        });
      }).catch(function (p) { showProblem(null, spendStatus, p); });
    }
    function invoices() {
      api('GET', '/api/v1/invoices').then(function (list) {
        invoicesStatus.textContent = '';
        list.sort(function (a, b) { return b.period.localeCompare(a.period) || b.number.localeCompare(a.number); });
        fill(document.querySelector('#invoices tbody'), list.map(function (i) { return invoiceRow(i, false); }));
      }).catch(function (p) { showProblem(null, invoicesStatus, p); });
    }
    var dailyStatus = document.getElementById('daily-status');
    var dailyChart;
    function daily() {
      api('GET', '/api/v1/usage/daily?period=' + month(0)).then(function (d) {
        dailyStatus.textContent = '';
        var days = d.days || [];
        var table = document.getElementById('daily-spend');
        table.setAttribute('data-days', String(days.length));
        fill(table.tBodies[0], days.filter(function (x) { return Number(x.amount) !== 0 || x.seconds > 0; }).map(function (x) {
          return [fmt.day(x.date), num(duration(x.seconds)), num(money(x.amount, x.currency))];
        }));
        var box = document.getElementById('daily-chart');
        if (!window.echarts) { return; }
        dailyChart = dailyChart || window.echarts.init(box);
        var currencies = Array.from(new Set(days.map(function (x) { return x.currency; })));
        dailyChart.setOption({
          animation: false, legend: { top: 0 }, grid: { left: 56, right: 16, top: 32, bottom: 32 },
          tooltip: { trigger: 'axis', valueFormatter: function (v) { return fmt.num(v, 2); } },
          title: { show: !days.length, text: t('js_none'), left: 'center', top: 'middle', textStyle: { fontSize: 14 } },
          xAxis: { type: 'category', data: Array.from(new Set(days.map(function (x) { return fmt.day(x.date); }))) },
          yAxis: { type: 'value' },
          series: currencies.map(function (c) {
            return { name: c, type: 'bar', data: days.filter(function (x) { return x.currency === c; }).map(function (x) { return Number(x.amount); }) };
          })
        }, true);
      }).catch(function (p) { showProblem(null, dailyStatus, p); });
    }
    poll(funds, 15000);
    poll(spend, 30000);
    poll(daily, 60000);
    invoices();
  };

  pages.finance = function () {
    var form = document.getElementById('export-form');
    var now = new Date();
    form.elements.period.value = now.getUTCFullYear() + '-' + String(now.getUTCMonth() + 1).padStart(2, '0');
    form.addEventListener('submit', function (e) {
      e.preventDefault();
      clearProblems(form);
      var body = formBody(form, []);
      if (!body.period) { showProblem(form, statusOf(form), new Problem(400, { title: t('js_error'), errors: [{ field: 'period', message: form.elements.period.validationMessage || '?' }] })); return; }
      statusOf(form).textContent = t('js_loading');
      api('GET', '/api/v1/billing/exports?period=' + encodeURIComponent(body.period) + '&format=' + encodeURIComponent(body.format))
        .then(function (text) {
          var name = 'computenet-' + body.period + '-' + body.format + '.csv';
          var url = URL.createObjectURL(new Blob([text], { type: 'text/csv;charset=utf-8' }));
          var a = el('a', { href: url, download: name });
          document.body.appendChild(a); a.click(); a.remove();
          setTimeout(function () { URL.revokeObjectURL(url); }, 10000);
          ok(statusOf(form), t('js_downloaded', name));
        }).catch(function (p) { showProblem(form, statusOf(form), p); });
    });
    payoutStatements('/api/v1/billing/payouts', true);
    var runs = document.getElementById('run-form');
    runs.elements.period.value = month(-1);
    runs.addEventListener('submit', function (e) {
      e.preventDefault();
      clearProblems(runs);
      var period = runs.elements.period.value;
      statusOf(runs).textContent = t('js_loading');
      api('POST', '/api/v1/billing/invoice-runs?period=' + encodeURIComponent(period)).then(function (run) {
        var list = run.invoices || [];
        ok(statusOf(runs), t(run.alreadyIssued ? 'js_issued_before' : 'js_issued_now', list.length, run.period));
        fill(document.querySelector('#run-invoices tbody'), list.map(function (i) { return invoiceRow(i, true); }));
      }).catch(function (p) { showProblem(runs, statusOf(runs), p); });
    });
  };

  pages.admin = function () {
    var form = document.getElementById('tenant-form');
    var box = document.getElementById('tenant-box');
    var budget = document.getElementById('budget-form');
    var quotas = document.getElementById('quota-form');
    var qbody = document.querySelector('#quotas tbody');
    var tenant;
    var heads = Array.from(document.querySelectorAll('#quotas thead th')).map(function (th) { return th.textContent; });
    function quotaRow(q) {
      var row = el('tr', {}, [
        el('td', {}, [el('input', { name: 'region', value: q.region || '', 'aria-label': heads[0] })]),
        el('td', {}, [el('select', { name: 'vendor', 'aria-label': heads[1] })]),
        el('td', {}, [el('input', { name: 'maxDevices', type: 'number', min: '0', value: q.maxDevices === undefined ? '' : q.maxDevices, 'aria-label': heads[2] })]),
        el('td', {}, [el('button', { type: 'button', 'class': 'secondary', onclick: function () { row.remove(); } }, [t('js_remove')])])]);
      var vendor = row.querySelector('select');
      ['', 'NVIDIA', 'HUAWEI_ASCEND', 'CAMBRICON'].forEach(function (v) { vendor.add(new Option(v || '—', v)); });
      vendor.value = q.vendor || '';
      qbody.appendChild(row);
    }
    function show(limits) {
      document.getElementById('tenant-standing').textContent = limits.monthlyGpuHours === null || limits.monthlyGpuHours === undefined
        ? t('js_budget_none') + ' · ' + fmt.num(limits.usedGpuHours) + ' / ' + fmt.num(limits.committedGpuHours)
        : t('js_budget_line', fmt.num(limits.monthlyGpuHours), fmt.num(limits.usedGpuHours), fmt.num(limits.committedGpuHours), limits.period);
      budget.elements.monthlyGpuHours.value = limits.monthlyGpuHours === null || limits.monthlyGpuHours === undefined ? '' : limits.monthlyGpuHours;
      qbody.textContent = '';
      (limits.quotas || []).forEach(quotaRow);
      box.hidden = false;
    }
    form.addEventListener('submit', function (e) {
      e.preventDefault();
      clearProblems(form);
      tenant = form.elements.tenantId.value.trim();
      api('GET', '/api/v1/admin/tenants/' + encodeURIComponent(tenant) + '/limits').then(function (l) { statusOf(form).textContent = ''; show(l); funds(); })
        .catch(function (p) { showProblem(form, statusOf(form), p); });
    });
    var fundsStatus = document.getElementById('admin-funds-status');
    var voucher = document.getElementById('voucher-form');
    var topUp = document.getElementById('top-up-form');
    function tenantPath(rest) { return '/api/v1/admin/tenants/' + encodeURIComponent(tenant) + rest; }
    function funds() {
      api('GET', tenantPath('/balance')).then(function (b) {
        fundsStatus.textContent = '';
        document.getElementById('admin-balance').textContent = balances(b);
        fillVouchers(b);
      }).catch(function (p) { showProblem(null, fundsStatus, p); });
    }
    voucher.addEventListener('submit', function (e) {
      e.preventDefault();
      clearProblems(voucher);
      var body = formBody(voucher, ['amount']);
      // a date: the voucher is spendable to the end of that day in the reader's time
      if (body.expiresAt) { body.expiresAt = new Date(body.expiresAt + 'T23:59:59').toISOString(); }
      api('POST', tenantPath('/vouchers'), body).then(function (v) { ok(statusOf(voucher), t('js_voucher_issued', v.id)); funds(); })
        .catch(function (p) { showProblem(voucher, statusOf(voucher), p); });
    });
    topUp.addEventListener('submit', function (e) {
      e.preventDefault();
      clearProblems(topUp);
      api('POST', tenantPath('/top-ups'), formBody(topUp, ['amount'])).then(function () { ok(statusOf(topUp), t('js_top_up_recorded')); funds(); })
        .catch(function (p) { showProblem(topUp, statusOf(topUp), p); });
    });
    budget.addEventListener('submit', function (e) {
      e.preventDefault();
      var v = budget.elements.monthlyGpuHours.value;
      api('PUT', '/api/v1/admin/tenants/' + encodeURIComponent(tenant) + '/budget', { monthlyGpuHours: v === '' ? null : Number(v) })
        .then(function (l) { show(l); ok(statusOf(budget), t('js_saved')); }).catch(function (p) { showProblem(budget, statusOf(budget), p); });
    });
    document.getElementById('add-quota').addEventListener('click', function () { quotaRow({}); });
    var deadStatus = document.getElementById('dead-letters-status');
    function deadLetters() {
      api('GET', '/api/v1/admin/dead-letters').then(function (list) {
        deadStatus.textContent = '';
        fill(document.querySelector('#dead-letters tbody'), list.map(function (d) {
          var where = d.originTopic ? d.originPartition + ' @ ' + d.originOffset : '';
          var reason = el('details', {}, [el('summary', { text: d.reason || d.exceptionClass || '' }),
            el('pre', { text: d.payload || '' })]);
          return [fmt.date(d.deadLetteredAt), d.service || '', d.originTopic || '', where, { node: reason }, d.key || ''];
        }));
      }).catch(function (p) { showProblem(null, deadStatus, p); });
    }
    document.getElementById('reload-dead-letters').addEventListener('click', deadLetters);
    deadLetters();
    quotas.addEventListener('submit', function (e) {
      e.preventDefault();
      var list = Array.from(qbody.rows).map(function (r) {
        var q = { maxDevices: Number(r.querySelector('[name=maxDevices]').value) };
        var region = r.querySelector('[name=region]').value.trim(), vendor = r.querySelector('[name=vendor]').value;
        if (region) { q.region = region; } if (vendor) { q.vendor = vendor; }
        return q;
      });
      api('PUT', '/api/v1/admin/tenants/' + encodeURIComponent(tenant) + '/quotas', list)
        .then(function (l) { show(l); ok(statusOf(quotas), t('js_saved')); }).catch(function (p) { showProblem(quotas, statusOf(quotas), p); });
    });
  };

  var page = pages[document.body.dataset.page];
  if (page) { page(); }
}());
