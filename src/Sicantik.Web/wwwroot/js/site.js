// Sicantik pages: htmx sends the antiforgery token on every request; the inbox follows other clerks' claims live.
(function () {
    'use strict';

    var meta = document.querySelector('meta[name="request-verification-token"]');
    document.body.addEventListener('htmx:configRequest', function (event) {
        if (meta) {
            event.detail.headers['RequestVerificationToken'] = meta.getAttribute('content');
        }
    });

    // Buttons that need notes (tidak-lengkap, tidak-sesuai, tidak-valid, tolak): ask for them before posting.
    document.addEventListener('click', function (event) {
        var button = event.target.closest('[data-notes-required="true"]');
        if (!button || !button.form) {
            return;
        }
        var notes = button.form.querySelector('textarea[name="Notes"]');
        if (notes && notes.value.trim() === '') {
            event.preventDefault();
            notes.setCustomValidity(notes.getAttribute('data-required-message') || '');
            notes.reportValidity();
            notes.focus();
        }
    });
    document.addEventListener('input', function (event) {
        if (event.target.matches && event.target.matches('textarea[name="Notes"]')) {
            event.target.setCustomValidity('');
        }
    });

    // Confirm before destructive actions.
    document.addEventListener('submit', function (event) {
        var message = event.submitter && event.submitter.getAttribute('data-confirm');
        if (message && !window.confirm(message)) {
            event.preventDefault();
        }
    });

    // The inbox: server-sent events from /api/tasks/events tell us when a task of our roles changed hands.
    var inbox = document.querySelector('[data-inbox-events]');
    if (inbox && window.EventSource) {
        var timer = null;
        var source = new EventSource(inbox.getAttribute('data-inbox-events'));
        // The list says whether it is following live (tests and styles can wait on it, instead of on time).
        source.addEventListener('open', function () { inbox.setAttribute('data-live', 'open'); });
        source.addEventListener('error', function () { inbox.setAttribute('data-live', 'closed'); });
        source.addEventListener('inbox', function () {
            clearTimeout(timer);
            timer = setTimeout(function () { htmx.trigger(inbox, 'inbox-changed'); }, 300);
        });
        window.addEventListener('beforeunload', function () { source.close(); });
    }
})();
