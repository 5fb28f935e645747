// Small, progressive: every page reads completely without it.
(function () {
  // The verdict's description shows on hover and focus; Escape hides it (WCAG 1.4.13).
  document.addEventListener('keydown', function (event) {
    if (event.key === 'Escape' && document.activeElement &&
        document.activeElement.classList.contains('badge')) {
      document.activeElement.classList.add('tip-hidden');
    }
  });
  document.addEventListener('focusout', function (event) {
    if (event.target.classList && event.target.classList.contains('badge')) {
      event.target.classList.remove('tip-hidden');
    }
  });

  // The search page: Pagefind's interface, started with the words from ?q=.
  var box = document.getElementById('search');
  if (box && box.dataset.bundle) {
    window.addEventListener('DOMContentLoaded', function () {
      if (typeof PagefindUI === 'undefined') { return; }
      var ui = new PagefindUI({ element: '#search', bundlePath: box.dataset.bundle,
                                baseUrl: box.dataset.base,
                                showSubResults: true, showImages: false, resetStyles: false });
      var words = new URLSearchParams(window.location.search).get('q');
      if (words) { ui.triggerSearch(words); }
    });
  }
  var field = document.getElementById('site-search');
  if (field && box) {
    var words = new URLSearchParams(window.location.search).get('q');
    if (words) { field.value = words; }
  }
})();
