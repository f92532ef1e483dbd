// Central do assinante inside the ISP's own site. Paste one element and this script:
//
//   <div data-central-assinante data-pagina="/faturas" data-tema="escuro" data-cor="#0b5fff"></div>
//   <script src="https://central.provedor.com.br/embed.js" async></script>
//
// data-pagina (optional): the portal page to open, e.g. /faturas; data-tema: claro | escuro;
// data-cor: the brand colour. The frame follows its content's height through messages that
// are accepted only from the portal's own origin and frame. The site must be listed in the
// gateway's [embed] origins, or the browser refuses to show the portal.
(function () {
  var script = document.currentScript;
  if (!script) return;
  var portal = new URL(script.src).origin;

  function mount(host) {
    if (host.getAttribute('data-central-montado')) return;
    host.setAttribute('data-central-montado', '1');
    var page = host.getAttribute('data-pagina') || '/';
    if (page.charAt(0) !== '/' || page.charAt(1) === '/') page = '/';
    var url = new URL(page, portal);
    url.searchParams.set('embutido', window.location.origin);
    var theme = host.getAttribute('data-tema');
    if (theme === 'claro' || theme === 'escuro') url.searchParams.set('tema', theme);
    var color = host.getAttribute('data-cor');
    if (color && /^#[0-9a-fA-F]{6}$/.test(color)) url.searchParams.set('cor', color);

    var frame = document.createElement('iframe');
    frame.src = url.toString();
    frame.title = host.getAttribute('data-titulo') || 'Central do assinante';
    // Passkeys work inside the frame only when the page lets it ask for them.
    frame.setAttribute('allow', 'clipboard-write; publickey-credentials-get; publickey-credentials-create');
    frame.style.width = '100%';
    frame.style.border = '0';
    frame.style.display = 'block';
    frame.style.height = '640px';
    host.appendChild(frame);

    window.addEventListener('message', function (event) {
      if (event.origin !== portal || event.source !== frame.contentWindow) return;
      var data = event.data;
      if (!data || data.tipo !== 'central:altura') return;
      var height = Number(data.altura);
      if (height > 0 && height < 100000) frame.style.height = Math.ceil(height) + 'px';
    });
  }

  function mountAll() {
    var hosts = document.querySelectorAll('[data-central-assinante]');
    for (var i = 0; i < hosts.length; i++) mount(hosts[i]);
  }
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', mountAll);
  else mountAll();
})();
