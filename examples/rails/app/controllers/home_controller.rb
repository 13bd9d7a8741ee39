class HomeController < ApplicationController
  # The page with both elements. It is also where Twitter's "Cancel" link
  # returns, inside the popup: while the popup cookie is set, answer with the
  # close page, as the OmniAuth callback does. (The element on this page
  # would notice the popup and close it too; this keeps pages that do not
  # load the element right.)
  def index
    render_close_page if popup_flow?
  end

  # An ordinary page without that check. If the popup lands here, the
  # <twitter-connect> on it reports to the opener and closes the popup.
  def about; end
end
