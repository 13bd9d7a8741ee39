# POST /users as JSON from <twitter-complete-signup>: create the account
# from the Twitter profile kept in the session plus the email typed in.
# Other sign-ups (the HTML form at /users/sign_up) stay Devise's own.
class RegistrationsController < Devise::RegistrationsController
  def create
    return super unless request.format.json?

    omniauth = session["omniauth"]
    unless omniauth
      return render json: {
        errors: ["Your Twitter sign-in has expired. Sign in with Twitter again."]
      }, status: :unprocessable_entity
    end

    user = User.build_from_omniauth(omniauth, twitter_signup_params)
    if user.save
      session.delete("omniauth")
      sign_in(user)
      render json: { user: user }, status: :created
    else
      # Full messages ("Email has already been taken"), which the element
      # shows as they are.
      render json: { errors: user.errors.full_messages },
        status: :unprocessable_entity
    end
  end

  private

  def twitter_signup_params
    params.require(:user).permit(:email, :name, :nickname)
  end
end
