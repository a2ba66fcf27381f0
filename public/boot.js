// The loading screen's two messages, so it is never blank or endless: a browser too old for
// the app (no JavaScript modules), or a start that stalls. A plain script, as old browsers
// read it; a file rather than inline, as the Content-Security-Policy requires.
(function () {
  var text = document.getElementById('boot-text');
  if (!text) return;
  if (!('noModule' in document.createElement('script'))) {
    text.textContent = '这个浏览器太旧，打不开邻里。请换用手机自带的浏览器，或把微信更新到最新版。';
    return;
  }
  setTimeout(function () {
    var still = document.getElementById('boot-text');
    if (still) still.textContent = '还在打开…如果一直停在这里，请到信号好的地方刷新页面；还不行的话，请换用手机自带的浏览器。';
  }, 30000);
})();
